using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Avro.Generic;
using Avro.IO;
using Confluent.SchemaRegistry;

namespace Stormline.OpsConsole.Messages;

/// <summary>
/// Turns a key or value into something a person can read: the Confluent wire format (magic byte 0, 4-byte big-endian
/// schema id, payload) decoded through the registry for Avro and JSON Schema, plain JSON, UTF-8 text, or base64.
/// </summary>
internal sealed class MessageDecoder(ISchemaRegistryClient? registry, IReadOnlySet<string>? maskedTags = null)
{
    private readonly ConcurrentDictionary<int, Task<Schema>> _schemas = new();
    private readonly ConcurrentDictionary<int, FieldMask> _tagged = new();
    private readonly IReadOnlySet<string> _maskedTags = maskedTags ?? new HashSet<string>();

    public async Task<DecodedData> DecodeAsync(byte[]? bytes)
    {
        if (bytes is null)
        {
            return new DecodedData("null", null, null, null);
        }

        if (bytes.Length >= 5 && bytes[0] == 0 && registry is not null)
        {
            var id = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(1, 4));
            try
            {
                var schema = await _schemas.GetOrAdd(id, i => registry.GetSchemaAsync(i));
                var payload = bytes.AsMemory(5);
                var tagged = _tagged.GetOrAdd(id, _ => TaggedMask(schema));
                return schema.SchemaType switch
                {
                    SchemaType.Avro => new DecodedData("avro", id, AvroJson.Read(schema.SchemaString, payload), null) { Tagged = tagged },
                    SchemaType.Json => new DecodedData("json-schema", id, JsonNode.Parse(payload.Span), null) { Tagged = tagged },
                    _ => new DecodedData("protobuf", id, null, Convert.ToBase64String(payload.Span)),
                };
            }
            catch (Exception ex) when (ex is SchemaRegistryException or HttpRequestException or Avro.AvroException or JsonException or EndOfStreamException)
            {
                _schemas.TryRemove(id, out _);
                return new DecodedData("undecodable", id, null, $"schema {id}: {ex.Message}");
            }
        }

        var text = TryUtf8(bytes);
        if (text is not null && text.Length > 0 && (text[0] is '{' or '['))
        {
            try
            {
                return new DecodedData("json", null, JsonNode.Parse(text), null);
            }
            catch (JsonException)
            {
                // Looked like JSON but is not: shown as text below.
            }
        }

        return text is not null ? new DecodedData("text", null, null, text) : new DecodedData("binary", null, null, Convert.ToBase64String(bytes));
    }

    /// <summary>The fields of a registered schema that carry a masked tag (see <see cref="TaggedFields"/>).</summary>
    private FieldMask TaggedMask(Schema schema)
    {
        if (_maskedTags.Count == 0) return FieldMask.None;
        var paths = schema.SchemaType switch
        {
            SchemaType.Avro => TaggedFields.InAvro(schema.SchemaString, _maskedTags, schema.Metadata?.Tags),
            SchemaType.Json => TaggedFields.InJsonSchema(schema.SchemaString, _maskedTags, schema.Metadata?.Tags),
            _ => [],
        };
        return paths.Count == 0 ? FieldMask.None : new FieldMask(paths);
    }

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private static string? TryUtf8(byte[] bytes)
    {
        try
        {
            var text = StrictUtf8.GetString(bytes);
            return text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')) ? null : text;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}

/// <summary>
/// How a key or value was read: <see cref="Json"/> for structured data, <see cref="Text"/> otherwise; <see cref="Tagged"/>
/// masks the fields its schema tags as personal data (never sent to the browser itself).
/// </summary>
internal sealed record DecodedData(string Format, int? SchemaId, JsonNode? Json, string? Text)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public FieldMask? Tagged { get; init; }
}
