using System.Text.Json.Nodes;
using Avro.Generic;
using Avro.IO;
using Confluent.SchemaRegistry;
using Stormline.EventSourcing.Streams;
using AvroSchema = Avro.Schema;

namespace Stormline.Messaging.Serialization;

/// <summary>
/// The event as Avro binary in Confluent's wire format, written with the latest AVRO schema registered under
/// <c>&lt;topic&gt;-&lt;EventType&gt;</c> (registered beforehand, e.g. <c>stormline schema register --format avro</c>), so
/// Confluent's Avro deserializers read what the services publish. The store keeps the event's JSON either way.
/// </summary>
public sealed class RegistryAvroEncoder(ISchemaRegistryClient registry) : IPayloadEncoder
{
    private readonly CachedLookup<string, (int Id, AvroSchema Schema)> _schemas = new(subject => Latest(registry, subject));

    public async ValueTask<byte[]> Encode(string topic, StreamEvent @event, CancellationToken cancellationToken)
    {
        var writer = await _schemas.Get(RegisteredSubjects.Subject(topic, @event.Type), cancellationToken);
        var datum = AvroJson.ToDatum(JsonNode.Parse(@event.Data), writer.Schema);
        using var stream = new MemoryStream();
        new GenericDatumWriter<object?>(writer.Schema).Write(datum, new BinaryEncoder(stream));
        return ConfluentWireFormat.Frame(writer.Id, stream.ToArray());
    }

    private static async Task<(int Id, AvroSchema Schema)> Latest(ISchemaRegistryClient registry, string subject)
    {
        var latest = await RegisteredSubjects.LatestAsync(registry, subject, "avro");
        return latest.SchemaType == SchemaType.Avro
            ? (latest.Id, AvroSchema.Parse(latest.SchemaString))
            : throw new InvalidOperationException($"Subject '{subject}' holds a {latest.SchemaType} schema, not Avro; register the model's Avro schemas (stormline schema register --format avro) or use RegistryJsonEncoder.");
    }
}
