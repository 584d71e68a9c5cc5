using System.Collections.Concurrent;
using System.Reflection;
using Stormline.EventSourcing.Serialization;
using Stormline.Messaging.Serialization;

namespace Stormline.Hosting.Messaging;

/// <summary>
/// The registry subject of each event type. A contract made by <c>stormline generate</c> carries its subject as a
/// <c>Subject</c> constant, written by the same naming function <c>stormline schema register</c> registers under, so
/// the two cannot drift; a hand-written event falls back to <c>&lt;topic&gt;-&lt;EventType&gt;</c>. Resolved once per type.
/// </summary>
public sealed class EventSubjects(EventTypeRegistry events)
{
    private readonly ConcurrentDictionary<(string Topic, string EventType), string> _subjects = new();

    public string SubjectOf(string topic, string eventType) => _subjects.GetOrAdd((topic, eventType), key =>
        events.TryGetType(key.EventType, out var type)
        && type.GetField("Subject", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field
        && field.GetRawConstantValue() is string subject
            ? subject
            : RegistryJsonEncoder.Subject(key.Topic, key.EventType));
}
