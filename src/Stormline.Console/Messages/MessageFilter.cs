using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stormline.OpsConsole.Messages;

/// <summary>
/// A filter over messages as the console shows them (decoded and already masked, so a masked field can never be
/// matched on its real value). The language, documented in docs/console.md:
/// <code>
/// value.customerId == "c-42" &amp;&amp; header.traceparent exists
/// value.total &gt;= 100 || !(key contains "test")
/// value.items[0].sku == "A-1"   header["event-type"] != "OrderCancelled"
/// </code>
/// Operands are <c>key</c>, <c>value</c> (with <c>.field</c>, <c>["field"]</c> and <c>[index]</c> steps) and
/// <c>header.NAME</c>; operators <c>== != &lt; &lt;= &gt; &gt;= contains exists</c>, joined with <c>&amp;&amp; || !</c> and parentheses.
/// A comparison on a field the message does not have is false.
/// </summary>
internal sealed class MessageFilter
{
    private readonly Func<MessageRow, bool> _test;

    private MessageFilter(string text, Func<MessageRow, bool> test)
    {
        Text = text;
        _test = test;
    }

    public string Text { get; }

    /// <exception cref="FormatException">The text is not a filter; the message names the position and what was expected.</exception>
    public static MessageFilter Parse(string text) => new(text, new MessageFilterParser(text).ParseAll());

    public bool Matches(MessageRow message) => _test(message);

    /// <summary>The node a path names in a message, or <c>found: false</c> when the message has no such field.</summary>
    internal static (bool Found, JsonNode? Node) Resolve(MessageRow message, string root, IReadOnlyList<object> steps)
    {
        JsonNode? node;
        switch (root)
        {
            case "key":
                if (steps.Count > 0 || message.Key is null)
                {
                    return (false, null);
                }

                return (true, JsonValue.Create(message.Key));
            case "header":
                return steps is [string name] && message.Header(name) is { } header ? (true, JsonValue.Create(header)) : (false, null);
            default:
                node = message.Value.Json ?? (message.Value.Text is { } text ? JsonValue.Create(text) : null);
                if (node is null && message.Value.Format != "null")
                {
                    return (false, null);
                }

                break;
        }

        foreach (var step in steps)
        {
            switch (step, node)
            {
                case (string field, JsonObject obj) when obj.TryGetPropertyValue(field, out var child):
                    node = child;
                    break;
                case (int index, JsonArray array) when index < array.Count:
                    node = array[index];
                    break;
                default:
                    return (false, null);
            }
        }

        return (true, node);
    }

    /// <summary>Applies a comparison; numbers compare as numbers (a header's text counts when it reads as one), strings ordinally.</summary>
    internal static bool Compare(JsonNode? node, string op, object? literal)
    {
        if (op == "contains")
        {
            return node switch
            {
                JsonArray array => array.Any(item => Compare(item, "==", literal)),
                JsonValue value when value.GetValueKind() == JsonValueKind.String && literal is string part => value.GetValue<string>().Contains(part, StringComparison.Ordinal),
                _ => false,
            };
        }

        int? order = (Scalar(node), literal) switch
        {
            (double a, double b) => a.CompareTo(b),
            (string a, double b) when double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => n.CompareTo(b),
            (string a, string b) => string.CompareOrdinal(a, b),
            (bool a, bool b) => a == b ? 0 : null,
            (null, null) => 0,
            _ => null,
        };
        return op switch
        {
            "==" => order == 0,
            "!=" => order != 0,
            "<" => order < 0,
            "<=" => order <= 0,
            ">" => order > 0,
            ">=" => order >= 0,
            _ => throw new InvalidOperationException("Unknown operator " + op),
        };
    }

    private static object? Scalar(JsonNode? node) => node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            // Parsed from the text: a value built from an int or a long does not convert with GetValue<double>.
            JsonValueKind.Number => double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        }
        : node is null ? null : node.ToJsonString();
}
