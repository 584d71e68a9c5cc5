using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stormline.Registry.Checks;

/// <summary>
/// Confluent's JSON Schema rules (STRICT policy): does the reader's schema accept every document the writer's accepted?
/// Covers the content model (open, closed, partially open via an <c>additionalProperties</c> schema), properties added and
/// removed, <c>required</c>, types (integer widens to number), enums, string/number/array/object bounds, nested objects,
/// array items, <c>anyOf</c>/<c>oneOf</c> branches and local <c>$ref</c>s into <c>definitions</c>/<c>$defs</c>.
/// Error types are Confluent's <c>Difference.Type</c> names; paths are JSON pointers (<c>#/properties/x</c>).
/// <c>allOf</c> is compared part by part. Not covered yet: <c>not</c>, <c>patternProperties</c>, <c>dependencies</c>, tuple <c>items</c>, remote <c>$ref</c>s.
/// </summary>
internal sealed class JsonSchemaCompatibility(ReadRoles roles, JsonNode readerRoot, JsonNode writerRoot)
{
    private readonly List<Incompatibility> _found = [];
    private readonly HashSet<(JsonNode?, JsonNode?)> _inProgress = [];

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
        CompareSum(r, w, path, "anyOf");
        CompareSum(r, w, path, "oneOf");
    }

    private void CompareTypes(JsonObject reader, JsonObject writer, string path)
    {
        var readerTypes = Types(reader);
        if (readerTypes is null)
        {
            return;
        }

        var writerTypes = Types(writer);
        if (writerTypes is null)
        {
            Add("TYPE_NARROWED", path + "/type", $"the {roles.Reader} schema restricts the type to [{string.Join(", ", readerTypes)}] where the {roles.Writer} schema allowed any");
            return;
        }

        var unread = writerTypes.Where(t => !readerTypes.Contains(t) && !(t == "integer" && readerTypes.Contains("number"))).ToList();
        if (unread.Count > 0)
        {
            var kind = readerTypes.Overlaps(writerTypes) ? "TYPE_NARROWED" : "TYPE_CHANGED";
            Add(kind, path + "/type", $"the type changed from [{string.Join(", ", writerTypes)}] in the {roles.Writer} schema to [{string.Join(", ", readerTypes)}] in the {roles.Reader} schema");
        }
    }

    private void CompareEnum(JsonObject reader, JsonObject writer, string path)
    {
        if (reader["enum"] is not JsonArray readerEnum)
        {
            return;
        }

        if (writer["enum"] is not JsonArray writerEnum)
        {
            Add("ENUM_ARRAY_NARROWED", path + "/enum", $"the {roles.Reader} schema limits the values to an enum the {roles.Writer} schema did not have");
            return;
        }

        var missing = writerEnum.Where(v => !readerEnum.Any(x => JsonNode.DeepEquals(x, v))).Select(v => v?.ToJsonString()).ToList();
        if (missing.Count > 0)
        {
            var narrowed = readerEnum.All(x => writerEnum.Any(v => JsonNode.DeepEquals(x, v)));
            Add(narrowed ? "ENUM_ARRAY_NARROWED" : "ENUM_ARRAY_CHANGED", path + "/enum", $"the {roles.Reader} schema's enum lacks [{string.Join(", ", missing)}]");
        }
    }

    /// <summary>An upper bound may only grow (or go) and a lower bound only shrink (or go); adding one is a break.</summary>
    private void CompareBound(JsonObject reader, JsonObject writer, string path, string keyword, bool upper)
    {
        if (Number(reader[keyword]) is not { } readerBound)
        {
            return;
        }

        var name = Screaming(keyword);
        if (Number(writer[keyword]) is not { } writerBound)
        {
            Add(name + "_ADDED", $"{path}/{keyword}", $"the {roles.Reader} schema adds {keyword} {readerBound}");
        }
        else if (upper ? readerBound < writerBound : readerBound > writerBound)
        {
            Add(name + (upper ? "_DECREASED" : "_INCREASED"), $"{path}/{keyword}", $"{keyword} changed from {writerBound} in the {roles.Writer} schema to {readerBound} in the {roles.Reader} schema");
        }
    }

    private void CompareMultipleOf(JsonObject reader, JsonObject writer, string path)
    {
        if (Number(reader["multipleOf"]) is not { } readerStep)
        {
            return;
        }

        if (Number(writer["multipleOf"]) is not { } writerStep)
        {
            Add("MULTIPLE_OF_ADDED", path + "/multipleOf", $"the {roles.Reader} schema adds multipleOf {readerStep}");
        }
        else if (writerStep % readerStep != 0)
        {
            Add(writerStep < readerStep ? "MULTIPLE_OF_EXPANDED" : "MULTIPLE_OF_CHANGED", path + "/multipleOf", $"multipleOf changed from {writerStep} in the {roles.Writer} schema to {readerStep} in the {roles.Reader} schema");
        }
    }

    private void CompareExact(JsonObject reader, JsonObject writer, string path, string keyword, string name)
    {
        if (reader[keyword] is not { } readerValue)
        {
            return;
        }

        if (writer[keyword] is not { } writerValue)
        {
            Add(name + "_ADDED", $"{path}/{keyword}", $"the {roles.Reader} schema adds {keyword} {readerValue.ToJsonString()}");
        }
        else if (!JsonNode.DeepEquals(readerValue, writerValue))
        {
            Add(name + "_CHANGED", $"{path}/{keyword}", $"{keyword} changed from {writerValue.ToJsonString()} to {readerValue.ToJsonString()}");
        }
    }

    private void CompareProperties(JsonObject reader, JsonObject writer, string path)
    {
        var readerProperties = Resolve(reader["properties"], readerRoot) as JsonObject ?? [];
        var writerProperties = Resolve(writer["properties"], writerRoot) as JsonObject ?? [];
        var readerExtra = reader["additionalProperties"];
        var writerExtra = writer["additionalProperties"];

        foreach (var (name, readerProperty) in readerProperties)
        {
            var at = $"{path}/properties/{name}";
            if (writerProperties[name] is { } writerProperty)
            {
                Compare(readerProperty, writerProperty, at);
            }
            else if (IsFalse(writerExtra))
            {
                // OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CM: the writer could never have written this property.
            }
            else if (writerExtra is JsonObject)
            {
                Compare(readerProperty, writerExtra, at); // covered (or not) by the writer's partially open content model
            }
            else if (!IsEmpty(readerProperty))
            {
                Add("OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", at, $"property '{name}' is new in the {roles.Reader} schema, but the {roles.Writer} schema's open content model may already have written it with another type");
            }
        }

        foreach (var (name, writerProperty) in writerProperties)
        {
            if (readerProperties.ContainsKey(name) || IsFalse(writerProperty))
            {
                continue;
            }

            var at = $"{path}/properties/{name}";
            if (IsFalse(readerExtra))
            {
                Add("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", at, $"property '{name}' of the {roles.Writer} schema is gone from the {roles.Reader} schema, whose closed content model rejects it");
            }
            else if (readerExtra is JsonObject)
            {
                Compare(readerExtra, writerProperty, at);
            }
        }

        if (IsFalse(readerExtra) && !IsFalse(writerExtra))
        {
            Add(writerExtra is JsonObject ? "ADDITIONAL_PROPERTIES_NARROWED" : "ADDITIONAL_PROPERTIES_REMOVED", path + "/additionalProperties", $"the {roles.Reader} schema closes the content model the {roles.Writer} schema left open");
        }
        else if (readerExtra is JsonObject && !IsFalse(writerExtra))
        {
            Compare(readerExtra, writerExtra ?? JsonValue.Create(true), path + "/additionalProperties");
        }
    }

    private void CompareRequired(JsonObject reader, JsonObject writer, string path)
    {
        var writerRequired = Strings(writer["required"]);
        var readerProperties = Resolve(reader["properties"], readerRoot) as JsonObject;
        foreach (var name in Strings(reader["required"]).Where(n => !writerRequired.Contains(n)))
        {
            if ((Resolve(readerProperties?[name], readerRoot) as JsonObject)?.ContainsKey("default") == true)
            {
                continue; // REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED
            }

            Add("REQUIRED_ATTRIBUTE_ADDED", $"{path}/required", $"property '{name}' is required by the {roles.Reader} schema but not by the {roles.Writer} schema, and has no default");
        }
    }

    private void CompareSum(JsonObject reader, JsonObject writer, string path, string keyword)
    {
        if (reader[keyword] is not JsonArray readerBranches)
        {
            return;
        }

        var writerBranches = writer[keyword] is JsonArray branches ? branches.ToList() : [writer];
        for (var i = 0; i < writerBranches.Count; i++)
        {
            var branch = writerBranches[i];
            if (!readerBranches.Any(r => new JsonSchemaCompatibility(roles, readerRoot, writerRoot).CompareAlone(r, branch)))
            {
                Add("SUM_TYPE_NARROWED", $"{path}/{keyword}", $"no {keyword} branch of the {roles.Reader} schema accepts branch {i} of the {roles.Writer} schema");
            }
        }
    }

    /// <summary>
    /// <c>allOf</c> on either side: every part the reader demands must be met by some part the writer guaranteed (its
    /// own keywords or one of its <c>allOf</c> members). Dropping a member is safe (PRODUCT_TYPE_NARROWED); adding one
    /// is not (PRODUCT_TYPE_EXTENDED). Conservative: a reader part met only by two writer parts together is reported.
    /// </summary>
    private void CompareProduct(JsonObject reader, JsonObject writer, string path)
    {
        var writerParts = Parts(writer);
        var readerParts = Parts(reader);
        for (var i = 0; i < readerParts.Count; i++)
        {
            var part = readerParts[i];
            if (!writerParts.Any(w => new JsonSchemaCompatibility(roles, readerRoot, writerRoot).CompareAlone(part, w)))
            {
                Add("PRODUCT_TYPE_EXTENDED", $"{path}/allOf", $"the {roles.Reader} schema demands {part?.ToJsonString()}, which no part of the {roles.Writer} schema guaranteed");
            }
        }
    }

    /// <summary>A schema as the conjunction of its own keywords and its <c>allOf</c> members.</summary>
    private static List<JsonNode?> Parts(JsonObject schema)
    {
        var own = new JsonObject(schema.Where(p => p.Key != "allOf").Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        var parts = new List<JsonNode?> { own };
        if (schema["allOf"] is JsonArray members)
        {
            parts.AddRange(members);
        }

        return parts;
    }

    private bool CompareAlone(JsonNode? reader, JsonNode? writer)
    {
        Compare(reader, writer, "#");
        return _found.Count == 0;
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
