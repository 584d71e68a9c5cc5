using Stormline.Messaging.Serialization;

namespace Stormline.Messaging.Consuming;

public sealed class EventConsumerOptions
{
    public required string Topic { get; init; }

    /// <summary>The consumer group; also the inbox's consumer name, so each group dedupes on its own.</summary>
    public required string GroupId { get; init; }

    /// <summary>Retries after the first failure before the message goes to the dead-letter topic.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The first retry's delay; each next retry doubles it, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Queued messages per partition at which the partition is paused until its worker catches up.</summary>
    public int MaxBacklog { get; init; } = 1000;

    /// <summary>How record values become the event's JSON: plain or framed JSON by default; <see cref="RegistryPayloadDecoder"/> also reads Avro.</summary>
    public IPayloadDecoder Decoder { get; init; } = JsonPayloadDecoder.Instance;

    public string DeadLetterTopic => Topic + ".dlq";
}
