using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Nodes;
using Avro.Generic;
using Avro.IO;
using Confluent.SchemaRegistry;
using Stormline.EventSourcing.Streams;
using AvroSchema = Avro.Schema;

namespace Stormline.Messaging.Serialization;

/// <summary>
/// The event as Avro binary in Confluent's wire format, written with the latest AVRO schema registered under its
/// subject (registered beforehand, e.g. <c>stormline schema register --format avro</c>), so Confluent's Avro
/// deserializers read what the services publish. The store keeps the event's JSON either way. Each subject's schema is
/// fetched and parsed once, with its writer; an event that does not fit it drops that entry, so a newer version
/// registered since is picked up on the relay's next pass.
/// </summary>
public sealed class RegistryAvroEncoder(ISchemaRegistryClient registry, Func<string, string, string>? subjectOf = null) : IPayloadEncoder
{
    private readonly Func<string, string, string> _subjectOf = subjectOf ?? RegisteredSubjects.Subject;
    private readonly CachedLookup<string, Writer> _writers = new(subject => Latest(registry, subject));

    public async ValueTask<byte[]> Encode(string topic, StreamEvent @event, CancellationToken cancellationToken)
    {
        var subject = _subjectOf(topic, @event.Type);
        var writer = await _writers.Get(subject, cancellationToken);
        try
        {
            return writer.Direct ? EncodeDirect(@event.Data, writer) : EncodeGeneric(@event.Data, writer);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or Avro.AvroException)
        {
            _writers.Forget(subject);
            throw new FormatException($"Event {@event.EventId} ({@event.Type}) does not fit schema {writer.Id}, the latest under '{subject}': {e.Message}", e);
        }
    }

    /// <summary>The JSON straight into Avro binary behind the frame's header, in one buffer.</summary>
    private static byte[] EncodeDirect(string data, Writer writer)
    {
        var buffer = new ArrayBufferWriter<byte>(data.Length + ConfluentWireFormat.HeaderSize);
        var header = buffer.GetSpan(ConfluentWireFormat.HeaderSize);
        header[0] = ConfluentWireFormat.MagicByte;
        BinaryPrimitives.WriteInt32BigEndian(header[1..], writer.Id);
        buffer.Advance(ConfluentWireFormat.HeaderSize);
        using (var json = JsonDocument.Parse(data))
            AvroJsonEncoder.Write(json.RootElement, writer.Schema, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Through Apache Avro's generic datums, for schemas the direct writer does not cover (fixed, other logical types).</summary>
    private static byte[] EncodeGeneric(string data, Writer writer)
    {
        var datum = AvroJson.ToDatum(JsonNode.Parse(data), writer.Schema);
        using var stream = new MemoryStream();
        writer.Datums.Write(datum, new BinaryEncoder(stream));
        return ConfluentWireFormat.Frame(writer.Id, stream.GetBuffer().AsSpan(0, (int)stream.Length));
    }

    private static async Task<Writer> Latest(ISchemaRegistryClient registry, string subject)
    {
        var latest = await RegisteredSubjects.LatestAsync(registry, subject, "avro");
        if (latest.SchemaType != SchemaType.Avro)
        {
            throw new SchemaNotRegisteredException(subject,
                $"Subject '{subject}' holds a {latest.SchemaType} schema, not Avro; register the model's Avro schemas (stormline schema register --format avro) or set SchemaRegistry:Format=json.");
        }

        var schema = AvroSchema.Parse(latest.SchemaString);
        return new Writer(latest.Id, schema, new GenericDatumWriter<object?>(schema), AvroJsonShapes.Supports(schema));
    }

    /// <summary>A subject's latest schema, parsed, with its writer: built once, used for every event of the subject.</summary>
    private sealed record Writer(int Id, AvroSchema Schema, GenericDatumWriter<object?> Datums, bool Direct);
}
