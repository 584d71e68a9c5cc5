namespace Stormline.EventSourcing.Serialization;

/// <summary>A stored event's payload could not be turned into its CLR type: corrupt JSON, or a shape no upcaster handles.</summary>
public sealed class EventDeserializationException(string type, long position, Exception inner)
    : Exception($"Event '{type}' at position {position} could not be deserialized: {inner.Message}", inner)
{
    public string EventType { get; } = type;
    public long Position { get; } = position;
}
