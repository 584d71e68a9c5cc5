using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stormline.Registry.Checks;

/// <summary>
/// Confluent's JSON Schema rules (STRICT policy): does the reader's schema accept every document the writer's accepted?
/// Covers the content model (open, closed, partially open via an <c>additionalProperties</c> schema), properties added and
/// removed, <c>required</c>, types (integer widens to number), enums, string/number/array/object bounds, nested objects,
/// array items, <c>anyOf</c>/<c>oneOf</c> branches and local <c>$ref</c>s into <c>definitions</c>/<c>$defs</c>.
/// Error types are Confluent's <c>Difference.Type</c> names; paths are JSON pointers (<c>#/properties/x</c>).
/// <c>allOf</c> is compared part by part; <c>not</c> and dependencies too. Not covered yet: <c>patternProperties</c>, tuple <c>items</c>, remote <c>$ref</c>s.
/// </summary>
internal sealed partial class JsonSchemaCompatibility(ReadRoles roles, JsonNode readerRoot, JsonNode writerRoot)
{
    private readonly List<Incompatibility> _found = [];
    private readonly HashSet<(JsonNode?, JsonNode?)> _inProgress = [];

    // Trial checks (anyOf/oneOf/allOf parts) share the pairs in progress, so recursive $refs through combinators terminate.
    private JsonSchemaCompatibility(ReadRoles roles, JsonNode readerRoot, JsonNode writerRoot, HashSet<(JsonNode?, JsonNode?)> inProgress)
        : this(roles, readerRoot, writerRoot) => _inProgress = inProgress;

    public IReadOnlyList<Incompatibility> Check()
    {
        Compare(readerRoot, writerRoot, "#");
        return _found;
    }

    private void Compare(JsonNode? reader, JsonNode? writer, string path)
    {
        reader = Resolve(reader, readerRoot);
        writer = Resolve(writer, writerRoot);
        if (!_inProgress.Add((reader, writer)))
        {
            return;
        }

        try
        {
            CompareResolved(reader, writer, path);
        }
        finally
        {
            _inProgress.Remove((reader, writer));
        }
    }

    private void CompareResolved(JsonNode? reader, JsonNode? writer, string path)
    {
        if (IsFalse(writer) || IsEmpty(reader))
        {
            return; // the writer accepted nothing, or the reader accepts anything
        }

        if (IsFalse(reader))
        {
            Add("TYPE_NARROWED", path, $"the {roles.Reader} schema accepts nothing here");
            return;
        }

        var r = reader as JsonObject ?? [];
        var w = writer as JsonObject ?? [];
        if (r["allOf"] is JsonArray || w["allOf"] is JsonArray)
        {
            CompareProduct(r, w, path);
            return;
        }

        CompareTypes(r, w, path);
        CompareEnum(r, w, path);
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

        if (r["items"] is JsonObject or JsonValue && r["items"] is { } readerItems)
        {
            Compare(readerItems, w["items"] ?? JsonValue.Create(true), path + "/items");
        }

        CompareProperties(r, w, path);
        CompareRequired(r, w, path);
        CompareDependencies(r, w, path);
        CompareNot(r, w, path);
        CompareSum(r, w, path, "anyOf");
        CompareSum(r, w, path, "oneOf");
    }

    /// <summary>Follows local <c>$ref</c>s (<c>#/definitions/x</c>, <c>#/$defs/x</c>) within the document.</summary>
    private static JsonNode? Resolve(JsonNode? node, JsonNode root)
    {
        for (var hops = 0; hops < 32 && node is JsonObject obj && obj["$ref"] is JsonValue reference && reference.GetValueKind() == JsonValueKind.String; hops++)
        {
            var target = reference.GetValue<string>();
            if (!target.StartsWith('#'))
            {
                return node; // remote references are not resolved
            }

            JsonNode? current = root;
            foreach (var part in target.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                current = (current as JsonObject)?[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
            }

            node = current;
        }

        return node;
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

    private void Add(string type, string path, string what) => _found.Add(new Incompatibility(type, path, $"at path '{path}': {what}"));
}
