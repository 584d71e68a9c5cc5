namespace Stormline.Messaging.Serialization;

/// <summary>Turns a Kafka record value back into the event's JSON, the consumer's side of <see cref="IPayloadEncoder"/>.</summary>
public interface IPayloadDecoder
{
    /// <exception cref="FormatException">The value cannot be read (unknown schema id, corrupt Avro).</exception>
    ValueTask<string> Decode(byte[] value, CancellationToken cancellationToken);
}
