using System.Text;
using Avro.Generic;
using Avro.IO;
using Confluent.SchemaRegistry;
using AvroSchema = Avro.Schema;

namespace Stormline.Messaging.Serialization;

/// <summary>
/// Reads plain JSON and Confluent's wire format: a framed value's schema is fetched by id (cached); Avro payloads are
/// read with it and turned back into the event's JSON, JSON payloads are taken as they are.
/// </summary>
public sealed class RegistryPayloadDecoder(ISchemaRegistryClient registry) : IPayloadDecoder
{
    private readonly CachedLookup<int, AvroSchema?> _schemas = new(id => AvroSchemaOf(registry, id));

    public async ValueTask<string> Decode(byte[] value, CancellationToken cancellationToken)
    {
        if (!ConfluentWireFormat.TryUnframe(value, out var id, out _))
        {
            return Encoding.UTF8.GetString(value);
        }

        AvroSchema? avro;
        try
        {
            avro = await _schemas.Get(id, cancellationToken);
        }
        catch (SchemaRegistryException e) when (e.ErrorCode == 40403)
        {
            throw new FormatException($"The value names schema id {id}, which the registry does not have.", e);
        }

        var payload = value.AsMemory(ConfluentWireFormat.HeaderSize);
        if (avro is null)
        {
            return Encoding.UTF8.GetString(payload.Span);
        }

        try
        {
            using var stream = new MemoryStream(payload.ToArray(), writable: false);
            var datum = new GenericDatumReader<object?>(avro, avro).Read(null, new BinaryDecoder(stream));
            return AvroJson.ToJson(datum)?.ToJsonString() ?? "null";
        }
        catch (Exception e) when (e is Avro.AvroException or EndOfStreamException or InvalidCastException)
        {
            throw new FormatException($"The value does not fit Avro schema {id}: {e.Message}", e);
        }
    }

    private static async Task<AvroSchema?> AvroSchemaOf(ISchemaRegistryClient registry, int id)
    {
        var schema = await registry.GetSchemaAsync(id);
        return schema.SchemaType == SchemaType.Avro ? AvroSchema.Parse(schema.SchemaString) : null;
    }
}
