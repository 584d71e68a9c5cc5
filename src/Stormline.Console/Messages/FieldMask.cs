using System.Text.Json.Nodes;

namespace Stormline.OpsConsole.Messages;

/// <summary>
/// Replaces the values at dotted JSON paths (<c>payment.card</c>) with a fixed marker before a message leaves the
/// console; arrays on the way are masked element by element. Applied on the server, so masked data never reaches a
/// browser. The values it masked are handed back, so the same text can be scrubbed from keys, headers and error text.
/// </summary>
internal sealed class FieldMask(IEnumerable<string> paths)
{
    public const string Masked = "***";

    private readonly string[][] _paths = paths.Select(p => p.Split('.', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Where(p => p.Length > 0).ToArray();

    public static FieldMask None { get; } = new([]);

    public bool IsEmpty => _paths.Length == 0;

    public void Apply(JsonNode? node, ICollection<string>? masked = null)
    {
        foreach (var path in _paths)
        {
            Apply(node, path, 0, masked);
        }
    }

    private static void Apply(JsonNode? node, string[] path, int depth, ICollection<string>? masked)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    Apply(item, path, depth, masked);
                }

                break;
            case JsonObject obj when obj.ContainsKey(path[depth]):
                if (depth == path.Length - 1)
                {
                    if (masked is not null)
                    {
                        Collect(obj[path[depth]], masked);
                    }

                    obj[path[depth]] = Masked;
                }
                else
                {
                    Apply(obj[path[depth]], path, depth + 1, masked);
                }

                break;
        }
    }

    /// <summary>Every scalar under <paramref name="node"/> as text.</summary>
    private static void Collect(JsonNode? node, ICollection<string> masked)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj) Collect(child, masked);
                break;
            case JsonArray array:
                foreach (var item in array) Collect(item, masked);
                break;
            case JsonValue value:
                masked.Add(value.TryGetValue<string>(out var text) ? text : value.ToJsonString());
                break;
        }
    }
}
