namespace Stormline.EventSourcing.Serialization;

/// <summary>A stored event's type name (or a CLR type) is not in the <see cref="EventTypeRegistry"/>.</summary>
public sealed class UnknownEventTypeException(string type)
    : Exception($"Event type '{type}' is not registered; register it (or an upcaster from it) in the EventTypeRegistry.")
{
    public string EventType { get; } = type;
}
