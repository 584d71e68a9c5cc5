using System.Collections.Concurrent;
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
    private readonly ConcurrentDictionary<string, Task<(int Id, AvroSchema Schema)>> _schemas = new(StringComparer.Ordinal);

    public async ValueTask<byte[]> Encode(string topic, StreamEvent @event, CancellationToken cancellationToken)
    {
        var subject = RegistryJsonEncoder.Subject(topic, @event.Type);
        var lookup = _schemas.GetOrAdd(subject, Latest);
        (int Id, AvroSchema Schema) writer;
        try
        {
            writer = await lookup.WaitAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            _schemas.TryRemove(new KeyValuePair<string, Task<(int, AvroSchema)>>(subject, lookup));
            throw;
        }

        var datum = AvroJson.ToDatum(JsonNode.Parse(@event.Data), writer.Schema);
        using var stream = new MemoryStream();
        new GenericDatumWriter<object?>(writer.Schema).Write(datum, new BinaryEncoder(stream));
        return ConfluentWireFormat.Frame(writer.Id, stream.ToArray());
    }

    private async Task<(int, AvroSchema)> Latest(string subject)
    {
        try
        {
            var latest = await registry.GetLatestSchemaAsync(subject);
            return latest.SchemaType == SchemaType.Avro
                ? (latest.Id, AvroSchema.Parse(latest.SchemaString))
                : throw new InvalidOperationException($"Subject '{subject}' holds a {latest.SchemaType} schema, not Avro; register the model's Avro schemas (stormline schema register --format avro) or use RegistryJsonEncoder.");
        }
        catch (SchemaRegistryException e) when (e.ErrorCode == 40401)
        {
            throw new InvalidOperationException(
                $"Subject '{subject}' has no schema in the registry; register the model's schemas first (stormline schema register --format avro --registry URL --model FILE).", e);
        }
    }
}
