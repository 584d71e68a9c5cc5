using System.Text.Json.Nodes;
using Avro;
using Stormline.Registry.Checks;

namespace Stormline.Registry.Schemas;

/// <summary>Avro via Apache.Avro. The stored text is the library's compact rendering, so whitespace never makes a new id.</summary>
internal sealed class AvroFormat : SchemaFormat
{
    public override string SchemaType => SchemaTypes.Avro;

    public override ParsedSchema Parse(string text, IReadOnlyList<ReferencedSchema> references, bool normalize)
    {
        try
        {
            if (references.Count == 0)
            {
                var schema = Schema.Parse(text);
                return new ParsedSchema(SchemaType, schema.ToString(), schema);
            }

            // Referenced named types are declared before use by parsing them as the leading branches of one union;
            // the stored text stays the caller's own (compacted), since re-rendering would inline the references.
            var union = (UnionSchema)Schema.Parse("[" + string.Join(",", references.Select(r => r.Text).Append(text)) + "]");
            return new ParsedSchema(SchemaType, Compact(text, normalize), union.Schemas[^1]);
        }
        // Apache.Avro reports some bad input with plain exceptions (unknown type names among them): any failure is the input's.
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidSchemaException($"Invalid schema: {ex.Message}", ex);
        }
    }

    public override IReadOnlyList<Incompatibility> CheckReadable(ParsedSchema reader, ParsedSchema writer, ReadRoles roles) =>
        new AvroCompatibility(roles).Check((Schema)reader.Model, (Schema)writer.Model);

    private static string Compact(string text, bool normalize)
    {
        var node = JsonNode.Parse(text);
        return JsonNormalizer.ToCompactString(normalize ? JsonNormalizer.SortKeys(node) : node);
    }
}
