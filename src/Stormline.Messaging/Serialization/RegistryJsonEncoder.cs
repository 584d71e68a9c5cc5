using System.Collections.Concurrent;
using System.Text;
using Confluent.SchemaRegistry;
using Stormline.EventSourcing.Streams;

namespace Stormline.Messaging.Serialization;

/// <summary>
/// The event's JSON in Confluent's wire format, framed with the id of the latest schema registered under
/// <c>&lt;topic&gt;-&lt;EventType&gt;</c> (TopicRecordNameStrategy), so Confluent's JSON Schema deserializers read what the
/// services publish. Schemas are registered ahead of time (<c>stormline schema register</c> in CI), as with Confluent's
/// <c>auto.register.schemas=false</c> and <c>use.latest.version=true</c>; ids are cached per subject.
/// </summary>
public sealed class RegistryJsonEncoder(ISchemaRegistryClient registry) : IPayloadEncoder
{
    private readonly ConcurrentDictionary<string, Task<int>> _ids = new(StringComparer.Ordinal);

    public static string Subject(string topic, string eventType) => $"{topic}-{eventType}";

    public async ValueTask<byte[]> Encode(string topic, StreamEvent @event, CancellationToken cancellationToken)
    {
        var subject = Subject(topic, @event.Type);
        var lookup = _ids.GetOrAdd(subject, LatestId);
        int id;
        try
        {
            id = await lookup.WaitAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            _ids.TryRemove(new KeyValuePair<string, Task<int>>(subject, lookup)); // a registry outage is retried on the next publish
            throw;
        }

        return ConfluentWireFormat.Frame(id, Encoding.UTF8.GetBytes(@event.Data));
    }

    private async Task<int> LatestId(string subject)
    {
        try
        {
            var latest = await registry.GetLatestSchemaAsync(subject);
            return latest.Id;
        }
        catch (SchemaRegistryException e) when (e.ErrorCode == 40401)
        {
            throw new InvalidOperationException(
                $"Subject '{subject}' has no schema in the registry; register the model's schemas first (stormline schema register --registry URL --model FILE).", e);
        }
    }
}
