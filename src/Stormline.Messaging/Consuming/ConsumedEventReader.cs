using System.Globalization;
using Confluent.Kafka;
using Stormline.EventSourcing.Serialization;
using Stormline.Messaging.Headers;

namespace Stormline.Messaging.Consuming;

/// <summary>Turns a Kafka record with Stormline headers, and its value decoded to the event's JSON, into a <see cref="ConsumedEvent"/>.</summary>
internal static class ConsumedEventReader
{
    /// <exception cref="FormatException">The event-type or event-id header is missing or malformed.</exception>
    /// <exception cref="UnknownEventTypeException">The type is not registered.</exception>
    /// <exception cref="EventDeserializationException">The payload does not fit the type.</exception>
    public static ConsumedEvent Read(ConsumeResult<string, byte[]> result, EventSerializer serializer, string data)
    {
        var headers = result.Message.Headers ?? [];
        var type = MessageHeaders.Get(headers, MessageHeaders.EventType)
            ?? throw new FormatException($"Message at {result.TopicPartitionOffset} has no '{MessageHeaders.EventType}' header.");
        var id = Guid.Parse(MessageHeaders.Get(headers, MessageHeaders.EventId)
            ?? throw new FormatException($"Message at {result.TopicPartitionOffset} has no '{MessageHeaders.EventId}' header."), CultureInfo.InvariantCulture);
        return new ConsumedEvent(id, type, serializer.Deserialize(type, data, result.Offset.Value), MessageHeaders.Get(headers, MessageHeaders.CorrelationId), result.TopicPartitionOffset);
    }
}
