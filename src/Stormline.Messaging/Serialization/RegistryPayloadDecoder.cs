using System.Buffers;
using System.Text;
using System.Text.Json;
using Avro.Generic;
using Avro.IO;
using Confluent.SchemaRegistry;
using AvroSchema = Avro.Schema;

namespace Stormline.Messaging.Serialization;

/// <summary>
/// Reads plain JSON and Confluent's wire format: a framed value's schema is fetched by id once, and for Avro parsed once
/// into a reader kept for every later value of that id (as Confluent's deserializer does; reading shares no state, so
/// partition workers use it at once). Avro payloads are turned back into the event's JSON, JSON payloads are taken as
/// they are.
/// </summary>
public sealed class RegistryPayloadDecoder(ISchemaRegistryClient registry) : IPayloadDecoder
{
    private readonly CachedLookup<int, AvroReader?> _readers = new(id => AvroReaderOf(registry, id));

    public async ValueTask<string> Decode(byte[] value, CancellationToken cancellationToken)
    {
        if (!ConfluentWireFormat.TryUnframe(value, out var id, out _))
        {
            return Encoding.UTF8.GetString(value);
        }

        AvroReader? avro;
        try
        {
            avro = await _readers.Get(id, cancellationToken);
        }
        catch (SchemaRegistryException e) when (e.ErrorCode == 40403)
        {
            throw new FormatException($"The value names schema id {id}, which the registry does not have.", e);
        }

        if (avro is null)
        {
            return Encoding.UTF8.GetString(value.AsSpan(ConfluentWireFormat.HeaderSize));
        }

        try
        {
            if (avro.Direct)
            {
                var json = new ArrayBufferWriter<byte>(value.Length * 2);
                using (var writer = new Utf8JsonWriter(json))
                {
                    ReadOnlySpan<byte> payload = value.AsSpan(ConfluentWireFormat.HeaderSize);
                    AvroJsonDecoder.Read(ref payload, avro.Schema, writer);
                }
                return Encoding.UTF8.GetString(json.WrittenSpan);
            }

            using var stream = new MemoryStream(value, ConfluentWireFormat.HeaderSize, value.Length - ConfluentWireFormat.HeaderSize, writable: false);
            return AvroJson.ToJson(avro.Datums.Read(null, new BinaryDecoder(stream)))?.ToJsonString() ?? "null";
        }
        catch (Exception e) when (e is Avro.AvroException or EndOfStreamException or InvalidCastException or FormatException or ArgumentException or OverflowException)
        {
            throw new FormatException($"The value does not fit Avro schema {id}: {e.Message}", e);
        }
    }

    /// <summary>A schema id's Avro schema, parsed once, with Apache Avro's reader for the shapes the direct reader does not cover.</summary>
    private sealed record AvroReader(AvroSchema Schema, GenericDatumReader<object?> Datums, bool Direct);

    private static async Task<AvroReader?> AvroReaderOf(ISchemaRegistryClient registry, int id)
    {
        var schema = await registry.GetSchemaAsync(id);
        if (schema.SchemaType != SchemaType.Avro) return null;
        var avro = AvroSchema.Parse(schema.SchemaString);
        return new AvroReader(avro, new GenericDatumReader<object?>(avro, avro), AvroJsonShapes.Supports(avro));
    }
}
