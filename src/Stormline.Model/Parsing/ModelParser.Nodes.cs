using Stormline.Model.Diagnostics;
using Stormline.Model.Elements;

namespace Stormline.Model.Parsing;

/// <summary>Shape helpers: each reads one kind of node and reports, rather than throws, when the node has another shape.</summary>
public sealed partial class ModelParser
{
    private T? Expect<T>(YamlNode node, string what)
        where T : YamlNode
    {
        if (node is T typed)
        {
            return typed;
        }

        var wanted = typeof(T) == typeof(YamlMapping) ? "a mapping (name: value lines)" : typeof(T) == typeof(YamlSequence) ? "a list" : "a single value";
        Error("wrong-shape", $"{what} should be {wanted}, but is {node.Kind}", node.Location);
        return null;
    }

    /// <summary>Named elements, written either as a mapping (name → body) or as a list of names (no body).</summary>
    private List<KeyValuePair<YamlScalar, YamlNode?>> Entries(YamlNode? node, string what)
    {
        switch (node)
        {
            case null or YamlScalar { IsNull: true }:
                return [];
            case YamlMapping map:
                return map.Entries.Select(e => new KeyValuePair<YamlScalar, YamlNode?>(e.Key, e.Value)).ToList();
            case YamlSequence sequence:
                var entries = new List<KeyValuePair<YamlScalar, YamlNode?>>();
                foreach (var item in sequence.Items)
                {
                    if (item is YamlScalar { IsNull: false } name)
                    {
                        entries.Add(new(name, null));
                    }
                    else
                    {
                        Error("wrong-shape", $"{what}: each list item should be a name; to give details, write a mapping 'Name: {{ ... }}' instead of a list", item.Location);
                    }
                }

                return entries;
            default:
                Error("wrong-shape", $"{what} should be a mapping of names (or a list of names), but is {node.Kind}", node.Location);
                return [];
        }
    }

    private IReadOnlyList<YamlNode> Items(YamlNode? node, string what) => node switch
    {
        null or YamlScalar { IsNull: true } => [],
        YamlSequence sequence => sequence.Items,
        _ => Expect<YamlSequence>(node, what)?.Items ?? [],
    };

    /// <summary>The body of a named element: a mapping with only the allowed keys, or nothing at all.</summary>
    private YamlMapping? Body(YamlNode? node, string what, params string[] allowed)
    {
        if (node is null or YamlScalar { IsNull: true })
        {
            return null;
        }

        if (Expect<YamlMapping>(node, what) is not { } map)
        {
            return null;
        }

        AllowKeys(map, what, allowed);
        return map;
    }

    private void AllowKeys(YamlMapping map, string what, params string[] allowed)
    {
        foreach (var key in map.Entries.Select(e => e.Key).Where(k => !allowed.Contains(k.Value, StringComparer.Ordinal)))
        {
            Error("unknown-key", $"unknown key '{key.Value}' in {what}; expected one of: {string.Join(", ", allowed)}", key.Location);
        }
    }

    /// <summary>One name or a list of names (<c>emits: OrderCreated</c> or <c>emits: [OrderCreated, OrderPriced]</c>).</summary>
    private IReadOnlyList<NameRef> Names(YamlNode? node, string what) => node switch
    {
        null or YamlScalar { IsNull: true } => [],
        YamlScalar scalar => [new NameRef(scalar.Value, scalar.Location)],
        YamlSequence sequence => sequence.Items.Select(i => NameOf(i, what)).OfType<NameRef>().ToList(),
        _ => Error<IReadOnlyList<NameRef>>("wrong-shape", $"{what} should be a name or a list of names, but is {node.Kind}", node.Location, []),
    };

    private NameRef? NameOf(YamlNode node, string what) =>
        node is YamlScalar { IsNull: false } scalar
            ? new NameRef(scalar.Value, scalar.Location)
            : Error<NameRef?>("wrong-shape", $"{what} should be a name, but is {node.Kind}", node.Location, null);

    private static string? StringOf(YamlNode? node) => node is YamlScalar { IsNull: false } scalar ? scalar.Value : null;

    private string? Label(YamlMapping? map) => map?["label"] is { } node ? (StringOf(node) ?? Error<string?>("wrong-shape", "a label should be text", node.Location, null)) : null;

    private string? RequiredString(YamlMapping map, string key, string what)
    {
        if (map[key] is not { } node)
        {
            Error("missing-key", $"{what} needs '{key}:'", map.Location);
            return null;
        }

        return StringOf(node) ?? Error<string?>("wrong-shape", $"'{key}' of {what} should be text, but is {node.Kind}", node.Location, null);
    }

    private T Invalid<T>(YamlNode node, string message) => Error<T>("bad-value", message, node.Location, default!);

    private T Error<T>(string code, string message, SourceLocation location, T value)
    {
        Error(code, message, location);
        return value;
    }

    private void Error(string code, string message, SourceLocation location) =>
        _diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, code, message, location));
}
