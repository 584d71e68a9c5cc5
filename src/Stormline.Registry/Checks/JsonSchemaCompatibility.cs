using System.Text.Json;
using System.Text.Json.Nodes;
using Stormline.Registry.Schemas;

namespace Stormline.Registry.Checks;

/// <summary>
/// Confluent's JSON Schema rules (STRICT policy): does the reader's schema accept every document the writer's accepted?
/// Covers the content model (open, closed, partially open via <c>additionalProperties</c>, <c>patternProperties</c>),
/// properties added and removed, <c>required</c>, types (integer widens to number), <c>enum</c>/<c>const</c>, string,
/// number, array and object bounds, nested objects, array <c>items</c> (tuples too: <c>items</c> arrays with
/// <c>additionalItems</c>, <c>prefixItems</c>), <c>contains</c>, <c>anyOf</c>/<c>oneOf</c> (and swaps between them),
/// <c>allOf</c>, <c>not</c>, dependencies, local <c>$ref</c>s and remote ones through the registry's references.
/// Fails closed: a keyword it does not model that the reader adds or changes, or a <c>$ref</c> it cannot resolve, is an
/// incompatibility naming it. Error types are Confluent's <c>Difference.Type</c> names, plus <c>UNMODELLED_KEYWORD</c>
/// and <c>UNRESOLVED_REFERENCE</c> (Confluent would refuse those schemas at parse time); paths are JSON pointers.
/// </summary>
internal sealed partial class JsonSchemaCompatibility(ReadRoles roles, JsonSchemaDocument reader, JsonSchemaDocument writer)
{
    /// <summary>Deeper than any real schema: beyond it, schemas rebuilt on the fly (branches merged) stop recursing.</summary>
    private const int MaxDepth = 64;

    private readonly List<Incompatibility> _found = [];
    private readonly HashSet<(JsonNode?, JsonNode?)> _inProgress = [];
    private int _depth;

    // Trial checks (anyOf/oneOf/allOf parts) share the pairs in progress, so recursive $refs through combinators terminate.
    private JsonSchemaCompatibility(ReadRoles roles, JsonSchemaDocument reader, JsonSchemaDocument writer, HashSet<(JsonNode?, JsonNode?)> inProgress, int depth)
        : this(roles, reader, writer)
    {
        _inProgress = inProgress;
        _depth = depth;
    }

    public IReadOnlyList<Incompatibility> Check()
    {
        Compare(reader.Root, writer.Root, "#");
        return _found;
    }

    private void Compare(JsonNode? readerNode, JsonNode? writerNode, string path)
    {
        if (!TryResolve(ref readerNode, reader, path) | !TryResolve(ref writerNode, writer, path) || !_inProgress.Add((readerNode, writerNode)))
        {
            return;
        }

        if (++_depth > MaxDepth)
        {
            Add("TYPE_CHANGED", path, "the schemas nest deeper than the checker follows");
        }
        else
        {
            try
            {
                CompareResolved(readerNode, writerNode, path);
            }
            finally
            {
                _inProgress.Remove((readerNode, writerNode));
            }
        }

        _depth--;
    }

    private void CompareResolved(JsonNode? readerNode, JsonNode? writerNode, string path)
    {
        if (IsFalse(writerNode) || IsEmpty(readerNode))
        {
            return; // the writer accepted nothing, or the reader accepts anything
        }

        if (IsFalse(readerNode))
        {
            Add("TYPE_NARROWED", path, $"the {roles.Reader} schema accepts nothing here");
            return;
        }

        var r = readerNode as JsonObject ?? [];
        var w = writerNode as JsonObject ?? [];
        if (r["allOf"] is JsonArray || w["allOf"] is JsonArray)
        {
            CompareProduct(r, w, path);
            return;
        }

        if (SumKeyword(r) is null && SumKeyword(w) is { } writerSum)
        {
            CompareWriterBranches(r, w, writerSum, path);
            return;
        }

        CompareUnmodelled(r, w, path);
        CompareTypes(r, w, path);
        CompareValues(r, w, path);
        CompareBound(r, w, path, "maxLength", upper: true);
        CompareBound(r, w, path, "minLength", upper: false);
        CompareBound(r, w, path, "maximum", upper: true);
        CompareBound(r, w, path, "minimum", upper: false);
        CompareBound(r, w, path, "exclusiveMaximum", upper: true);
        CompareBound(r, w, path, "exclusiveMinimum", upper: false);
        CompareBound(r, w, path, "maxItems", upper: true);
        CompareBound(r, w, path, "minItems", upper: false);
        CompareBound(r, w, path, "maxProperties", upper: true);
        CompareBound(r, w, path, "minProperties", upper: false);
        CompareMultipleOf(r, w, path);
        CompareExact(r, w, path, "pattern", "PATTERN");
        if (r["uniqueItems"]?.GetValueKind() == JsonValueKind.True && w["uniqueItems"]?.GetValueKind() != JsonValueKind.True)
        {
            Add("UNIQUE_ITEMS_ADDED", path + "/uniqueItems", $"the {roles.Reader} schema requires unique items");
        }

        CompareItems(r, w, path);
        CompareContains(r, w, path);
        CompareProperties(r, w, path);
        ComparePatternProperties(r, w, path);
        CompareRequired(r, w, path);
        CompareDependencies(r, w, path);
        CompareNot(r, w, path);
        CompareSum(r, w, path);
    }

    /// <summary>
    /// Follows <c>$ref</c>s: local ones (<c>#/definitions/x</c>, <c>#/$defs/x</c>) within the node's own document, remote
    /// ones (<c>other.json</c>, <c>other.json#/$defs/x</c>) through the registry's references. One it cannot follow is an
    /// incompatibility (fail closed) and the comparison below it stops.
    /// </summary>
    private bool TryResolve(ref JsonNode? node, JsonSchemaDocument document, string? path)
    {
        for (var hops = 0; node is JsonObject obj && obj["$ref"] is JsonValue reference && reference.GetValueKind() == JsonValueKind.String; hops++)
        {
            var target = reference.GetValue<string>();
            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var (uri, pointer) = hash < 0 ? (target, "") : (target[..hash], target[(hash + 1)..]);
            JsonNode? current = uri.Length == 0 ? document.RootOf(node)
                : document.References.TryGetValue(uri, out var referenced) ? referenced
                : null;
            foreach (var part in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                current = (current as JsonObject)?[Uri.UnescapeDataString(part).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
            }

            if (current is null || hops == 32)
            {
                if (path is null)
                {
                    return false; // a look-up (a default, a property map), not a comparison: the comparison reports it
                }

                Add("UNRESOLVED_REFERENCE", path + "/$ref", $"the {(ReferenceEquals(document, reader) ? roles.Reader : roles.Writer)} schema's $ref '{target}' resolves to nothing (neither in the schema nor in its registered references)");
                return false;
            }

            node = current;
        }

        return true;
    }

    /// <summary>A trial comparison that reports nothing: does <paramref name="readerNode"/> accept all <paramref name="writerNode"/> did?</summary>
    private bool Accepts(JsonNode? readerNode, JsonNode? writerNode) => Trial(readerNode, writerNode).Count == 0;

    private List<Incompatibility> Trial(JsonNode? readerNode, JsonNode? writerNode, bool swapped = false)
    {
        var trial = swapped
            ? new JsonSchemaCompatibility(roles, writer, reader, _inProgress, _depth)
            : new JsonSchemaCompatibility(roles, reader, writer, _inProgress, _depth);
        trial.Compare(readerNode, writerNode, "#");
        return trial._found;
    }

    private static HashSet<string>? Types(JsonObject schema) => schema["type"] switch
    {
        JsonArray array => array.Select(t => t?.GetValue<string>() ?? "").ToHashSet(),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => [value.GetValue<string>()],
        _ => null,
    };

    private static HashSet<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Where(n => n?.GetValueKind() == JsonValueKind.String).Select(n => n!.GetValue<string>()).ToHashSet() : [];

    private static decimal? Number(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.GetValue<decimal>() : null;

    private static bool IsFalse(JsonNode? node) => node?.GetValueKind() == JsonValueKind.False;

    private static bool IsEmpty(JsonNode? node) => node is null || node.GetValueKind() == JsonValueKind.True || node is JsonObject { Count: 0 };

    private static string Screaming(string keyword) => string.Concat(keyword.Select(c => char.IsUpper(c) ? "_" + c : char.ToUpperInvariant(c).ToString()));

    private void Add(string type, string path, string what, string? field = null) =>
        _found.Add(new Incompatibility(type, path, $"at path '{path}': {what}", field ?? FieldOf(path)));

    /// <summary>The field path a pointer names: <c>#/properties/lines/items/properties/qty/type</c> is <c>lines[].qty</c>.</summary>
    internal static string FieldOf(string pointer)
    {
        var parts = pointer.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var field = new System.Text.StringBuilder();
        for (var i = 0; i < parts.Length; i++)
        {
            switch (parts[i])
            {
                case "properties" when i + 1 < parts.Length:
                    field.Append(field.Length == 0 ? "" : ".").Append(parts[++i]);
                    break;
                case "items" or "prefixItems" or "additionalItems" or "contains":
                    field.Append("[]");
                    i += i + 1 < parts.Length && int.TryParse(parts[i + 1], out _) ? 1 : 0;
                    break;
                case "additionalProperties":
                    field.Append("{}");
                    break;
                case "patternProperties" when i + 1 < parts.Length:
                    field.Append("{}");
                    i++;
                    break;
            }
        }

        return field.ToString();
    }
}
