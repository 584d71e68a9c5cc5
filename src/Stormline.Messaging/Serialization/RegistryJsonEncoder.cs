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
    private readonly CachedLookup<string, int> _ids = new(async subject => (await RegisteredSubjects.LatestAsync(registry, subject, "json")).Id);

    public static string Subject(string topic, string eventType) => RegisteredSubjects.Subject(topic, eventType);

    public async ValueTask<byte[]> Encode(string topic, StreamEvent @event, CancellationToken cancellationToken)
    {
        var id = await _ids.Get(Subject(topic, @event.Type), cancellationToken);
        return ConfluentWireFormat.Frame(id, Encoding.UTF8.GetBytes(@event.Data));
    }
}
