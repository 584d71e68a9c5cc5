namespace Stormline.Messaging.Consuming;

/// <summary>How the consumer treats a failed event.</summary>
public enum FailureKind
{
    /// <summary>It passes (store or registry unavailable, timeout, deadlock, busy file, broker error): retried for as long as it lasts, never dead-lettered.</summary>
    Transient,

    /// <summary>It can never succeed (undecodable value, unknown event type, a refused command, <see cref="UnprocessableEventException"/>): dead-lettered at once.</summary>
    Permanent,

    /// <summary>Anything else, most likely a bug in the handler: retried a few times (<see cref="EventConsumerOptions.MaxRetries"/>), then dead-lettered.</summary>
    Unknown,
}
