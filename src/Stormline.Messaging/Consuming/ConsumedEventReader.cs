using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Stormline.EventSourcing.Serialization;
using Stormline.Messaging.Headers;
using Stormline.Messaging.Serialization;

namespace Stormline.Messaging.Consuming;

/// <summary>Turns a Kafka record with Stormline headers into a <see cref="ConsumedEvent"/>.</summary>
internal static class ConsumedEventReader
{
    /// <exception cref="FormatException">The event-type or event-id header is missing or malformed.</exception>
    /// <exception cref="UnknownEventTypeException">The type is not registered.</exception>
    /// <exception cref="EventDeserializationException">The payload does not fit the type.</exception>
    public static ConsumedEvent Read(ConsumeResult<string, byte[]> result, EventSerializer serializer)
    {
        var headers = result.Message.Headers ?? [];
        var type = MessageHeaders.Get(headers, MessageHeaders.EventType)
            ?? throw new FormatException($"Message at {result.TopicPartitionOffset} has no '{MessageHeaders.EventType}' header.");
        var id = Guid.Parse(MessageHeaders.Get(headers, MessageHeaders.EventId)
            ?? throw new FormatException($"Message at {result.TopicPartitionOffset} has no '{MessageHeaders.EventId}' header."), CultureInfo.InvariantCulture);
        // Plain JSON or Confluent's wire format (magic byte, schema id, JSON): both carry the same event.
        ConfluentWireFormat.TryUnframe(result.Message.Value ?? [], out _, out var payload);
        var data = Encoding.UTF8.GetString(payload);
        return new ConsumedEvent(id, type, serializer.Deserialize(type, data, result.Offset.Value), MessageHeaders.Get(headers, MessageHeaders.CorrelationId), result.TopicPartitionOffset);
    }
}
