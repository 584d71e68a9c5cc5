using Stormline.EventSourcing.Streams;

namespace Stormline.Messaging.Serialization;

/// <summary>
/// Turns a stored event's JSON into the bytes of a Kafka record value. The relay's only view of serialization, so a
/// service chooses plain JSON or the Confluent wire format without changing its events or its store.
/// </summary>
public interface IPayloadEncoder
{
    ValueTask<byte[]> Encode(string topic, StreamEvent @event, CancellationToken cancellationToken);
}
