using System.Text.Json;
using System.Text.Json.Nodes;
using Stormline.Registry.Checks;

namespace Stormline.Registry.Schemas;

/// <summary>JSON Schema: any JSON object or boolean whose <c>type</c> keywords name JSON Schema types. Stored compacted.</summary>
internal sealed class JsonSchemaFormat : SchemaFormat
{
    private static readonly HashSet<string> Types = ["null", "boolean", "object", "array", "number", "string", "integer"];

    public override string SchemaType => SchemaTypes.Json;

    public override ParsedSchema Parse(string text, IReadOnlyList<ReferencedSchema> references, bool normalize)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new InvalidSchemaException($"Invalid schema: {ex.Message}", ex);
        }

        if (node is not JsonObject && node?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw new InvalidSchemaException("Invalid schema: a JSON Schema is an object or a boolean");
        }

        CheckTypes(node, "#");
        if (normalize)
        {
            node = JsonNormalizer.SortKeys(node);
        }

        var referenced = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var reference in references)
        {
            try
            {
                referenced[reference.Name] = JsonNode.Parse(reference.Text)!;
            }
            catch (JsonException ex)
            {
                throw new InvalidSchemaException($"Invalid schema: reference '{reference.Name}' is not JSON: {ex.Message}", ex);
            }
        }

        return new ParsedSchema(SchemaType, JsonNormalizer.ToCompactString(node), new JsonSchemaDocument(node!, referenced));
    }

    public override IReadOnlyList<Incompatibility> CheckReadable(ParsedSchema reader, ParsedSchema writer, ReadRoles roles) =>
        new JsonSchemaCompatibility(roles, (JsonSchemaDocument)reader.Model, (JsonSchemaDocument)writer.Model).Check();

    private static void CheckTypes(JsonNode? node, string path)
    {
        if (node is JsonObject obj)
        {
            if (obj["type"] is JsonValue or JsonArray && obj["type"] is { } type) // an object here is a property named "type"
            {
                var names = type is JsonArray array ? array.Select(t => t?.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : null) : [type.GetValueKind() == JsonValueKind.String ? type.GetValue<string>() : null];
                foreach (var name in names)
                {
                    if (name is null || !Types.Contains(name))
                    {
                        throw new InvalidSchemaException($"Invalid schema: unknown type '{name}' at path '{path}/type'");
                    }
                }
            }

            foreach (var (key, child) in obj)
            {
                CheckTypes(child, $"{path}/{key}");
            }
        }
        else if (node is JsonArray items)
        {
            for (var i = 0; i < items.Count; i++)
            {
                CheckTypes(items[i], $"{path}/{i}");
            }
        }
    }
}
