using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stormline.Registry.Checks;

/// <summary>A JSON Schema's properties by path (<c>customer.name</c>, <c>lines[].qty</c>), through local <c>$ref</c>s and anyOf/oneOf/allOf branches.</summary>
internal static class JsonSchemaFields
{
    public static List<KeyValuePair<string, FieldShape>> Of(JsonNode root)
    {
        var fields = new List<KeyValuePair<string, FieldShape>>();
        Walk(root, root, "", fields, []);
        return fields;
    }

    private static void Walk(JsonNode? node, JsonNode root, string path, List<KeyValuePair<string, FieldShape>> fields, HashSet<JsonNode> visiting)
    {
        if (Resolve(node, root) is not JsonObject schema || !visiting.Add(schema))
        {
            return;
        }

        var required = schema["required"] is JsonArray names ? names.Select(n => n?.ToString()).ToHashSet() : [];
        foreach (var (name, property) in schema["properties"] as JsonObject ?? [])
        {
            var at = path.Length == 0 ? name : $"{path}.{name}";
            var resolved = Resolve(property, root) as JsonObject;
            var type = Describe(property, root) + (required.Contains(name) ? ", required" : "");
            if (fields.FindIndex(f => f.Key == at) < 0)
            {
                fields.Add(KeyValuePair.Create(at, new FieldShape(type, resolved?["default"]?.ToJsonString(), [])));
            }

            Walk(property, root, at, fields, visiting);
        }

        if (schema["items"] is JsonObject items)
        {
            Walk(items, root, path + "[]", fields, visiting);
        }

        foreach (var keyword in new[] { "anyOf", "oneOf", "allOf" })
        {
            foreach (var branch in schema[keyword] as JsonArray ?? [])
            {
                Walk(branch, root, path, fields, visiting);
            }
        }

        visiting.Remove(schema);
    }

    private static JsonNode? Resolve(JsonNode? node, JsonNode root)
    {
        for (var hops = 0; hops < 32 && node is JsonObject obj && obj["$ref"] is JsonValue reference && reference.GetValueKind() == JsonValueKind.String
            && reference.GetValue<string>().StartsWith('#'); hops++)
        {
            JsonNode? current = root;
            foreach (var part in reference.GetValue<string>().TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                current = (current as JsonObject)?[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
            }

            node = current;
        }

        return node;
    }

    /// <summary>A property's type as one line: its <c>type</c>, enum or const, format, array items, or its branches.</summary>
    private static string Describe(JsonNode? node, JsonNode root)
    {
        if (node is JsonObject { } direct && direct["$ref"] is JsonValue reference && !reference.GetValue<string>().StartsWith('#'))
        {
            return $"$ref {reference}";
        }

        if (Resolve(node, root) is not JsonObject schema)
        {
            return node?.ToJsonString() ?? "any";
        }

        var parts = new List<string>();
        if (schema["type"] is { } type)
        {
            parts.Add(type is JsonArray types ? string.Join("|", types.Select(t => t?.ToString())) : type.ToString());
        }

        if (schema["enum"] is JsonArray values)
        {
            parts.Add($"enum {values.ToJsonString()}");
        }

        if (schema["const"] is { } constant)
        {
            parts.Add($"const {constant.ToJsonString()}");
        }

        if (schema["format"] is { } format)
        {
            parts.Add($"({format})");
        }

        if (schema["items"] is JsonObject items)
        {
            parts.Add($"of {Describe(items, root)}");
        }

        foreach (var keyword in new[] { "anyOf", "oneOf" })
        {
            if (schema[keyword] is JsonArray branches)
            {
                parts.Add($"{keyword}[{string.Join(", ", branches.Select(b => Describe(b, root)))}]");
            }
        }

        return parts.Count == 0 ? "any" : string.Join(" ", parts);
    }
}
