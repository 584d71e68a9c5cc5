using Stormline.Messaging.Serialization;

namespace Stormline.Messaging.Consuming;

public sealed class EventConsumerOptions
{
    public required string Topic { get; init; }

    /// <summary>The consumer group; also the inbox's consumer name, so each group dedupes on its own.</summary>
    public required string GroupId { get; init; }

    /// <summary>
    /// Records handled in one store transaction, at most. A worker takes whatever its partition has queued up to
    /// this, so a quiet partition handles each record at once and a busy one commits hundreds per transaction.
    /// </summary>
    public int MaxBatchSize { get; init; } = 500;

    /// <summary>How long a worker waits for more records after the first before it handles a batch; zero (the default) for none.</summary>
    public TimeSpan BatchLinger { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Optional step per event outside any transaction, before its batch's transaction: calls to outside systems
    /// (a payment gateway) go here, with an idempotency key, so no database transaction is held open across them.
    /// Events of different keys are prepared concurrently; a key that repeats within a batch starts a new
    /// transaction, so each event's step sees the effects of the one before it.
    /// </summary>
    public Func<ConsumedEvent, CancellationToken, Task<object?>>? Prepare { get; init; }

    /// <summary>Called after each batch's transaction committed, e.g. to wake the outbox relay for the events it appended.</summary>
    public Action? OnCommitted { get; init; }

    /// <summary>Prepare steps run at once, at most.</summary>
    public int PrepareConcurrency { get; init; } = 64;

    /// <summary>Retries of an unexpected failure (<see cref="FailureKind.Unknown"/>) before the event goes to the dead-letter topic. Transient failures are retried without limit.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>The first retry's delay; each next retry doubles it, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Queued messages per partition at which the partition is paused until its worker catches up.</summary>
    public int MaxBacklog { get; init; } = 5000;

    /// <summary>How record values become the event's JSON: plain or framed JSON by default; <see cref="RegistryPayloadDecoder"/> also reads Avro.</summary>
    public IPayloadDecoder Decoder { get; init; } = JsonPayloadDecoder.Instance;

    public string DeadLetterTopic => Topic + ".dlq";

    internal TimeSpan Backoff(int attempt) =>
        TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, InitialBackoff.Ticks << Math.Min(attempt, 30)));
}
