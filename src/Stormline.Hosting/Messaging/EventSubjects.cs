using System.Collections.Concurrent;
using System.Reflection;
using Stormline.EventSourcing.Serialization;
using Stormline.Messaging.Serialization;

namespace Stormline.Hosting.Messaging;

/// <summary>
/// The registry subject of each event type in the service's wire format. A contract made by <c>stormline generate</c>
/// carries its subjects as constants — <c>Subject</c> (JSON Schema, named by the schema's title) and <c>AvroSubject</c>
/// (named by the record's full name, as Confluent's TopicRecordNameStrategy reads it) — written by the same naming
/// function <c>stormline schema register</c> registers under, so the two cannot drift; a hand-written event falls back
/// to <c>&lt;topic&gt;-&lt;EventType&gt;</c>. Resolved once per type.
/// </summary>
public sealed class EventSubjects(EventTypeRegistry events, WireFormat format)
{
    private readonly ConcurrentDictionary<(string Topic, string EventType), string> _subjects = new();
    private readonly string _constant = format == WireFormat.Avro ? "AvroSubject" : "Subject";

    public string SubjectOf(string topic, string eventType) => _subjects.GetOrAdd((topic, eventType), key =>
        events.TryGetType(key.EventType, out var type)
        && type.GetField(_constant, BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field
        && field.GetRawConstantValue() is string subject
            ? subject
            : RegistryJsonEncoder.Subject(key.Topic, key.EventType));
}
