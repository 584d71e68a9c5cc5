using System.Text;
using Confluent.SchemaRegistry;
using Stormline.EventSourcing.Streams;

namespace Stormline.Messaging.Serialization;

/// <summary>
/// The event's JSON in Confluent's wire format, framed with the id of the latest JSON schema registered under its
/// subject (<c>&lt;topic&gt;-&lt;EventType&gt;</c> unless told otherwise), so Confluent's JSON Schema deserializers read what
/// the services publish. Schemas are registered ahead of time (<c>stormline schema register</c>), as with Confluent's
/// <c>auto.register.schemas=false</c> and <c>use.latest.version=true</c>; ids are cached per subject.
/// </summary>
public sealed class RegistryJsonEncoder(ISchemaRegistryClient registry, Func<string, string, string>? subjectOf = null) : IPayloadEncoder
{
    private readonly Func<string, string, string> _subjectOf = subjectOf ?? Subject;
    private readonly CachedLookup<string, int> _ids = new(subject => Latest(registry, subject));

    /// <summary>The default subject of an event type on a topic (TopicRecordNameStrategy as the model names it).</summary>
    public static string Subject(string topic, string eventType) => RegisteredSubjects.Subject(topic, eventType);

    public async ValueTask<byte[]> Encode(string topic, StreamEvent @event, CancellationToken cancellationToken)
    {
        var id = await _ids.Get(_subjectOf(topic, @event.Type), cancellationToken);
        return ConfluentWireFormat.Frame(id, Encoding.UTF8.GetBytes(@event.Data));
    }

    private static async Task<int> Latest(ISchemaRegistryClient registry, string subject)
    {
        var latest = await RegisteredSubjects.LatestAsync(registry, subject, "json");
        return latest.SchemaType == SchemaType.Json
            ? latest.Id
            : throw new SchemaNotRegisteredException(subject,
                $"Subject '{subject}' holds a {latest.SchemaType} schema, not JSON Schema; register the model's JSON schemas (stormline schema register --format json) or set SchemaRegistry:Format=avro.");
    }
}
