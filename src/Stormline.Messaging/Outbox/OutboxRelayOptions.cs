using Stormline.EventSourcing.Streams;
using Stormline.Messaging.Serialization;

namespace Stormline.Messaging.Outbox;

public sealed class OutboxRelayOptions
{
    /// <summary>The topic of an event; e.g. every Order stream to "order-events".</summary>
    public required Func<StreamEvent, string> Topic { get; init; }

    /// <summary>The CloudEvents source of this service, e.g. "/shop/orders".</summary>
    public required string Source { get; init; }

    /// <summary>This relay instance's lease holder name; unique per process.</summary>
    public string RelayId { get; init; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";

    /// <summary>How long the lease lasts without renewal: the pause before another relay takes over from a crashed one.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How record values are written: plain JSON by default, or <see cref="RegistryAvroEncoder"/> / <see cref="RegistryJsonEncoder"/> for Confluent's wire format.</summary>
    public IPayloadEncoder Encoder { get; init; } = JsonPayloadEncoder.Instance;

    public int BatchSize { get; init; } = 500;

    /// <summary>
    /// The longest wait between polls when nothing is pending: appends by another process (a replica) are found within
    /// it. Local appends wake the relay at once through <see cref="WaitForAppends"/>.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The wait after a failed pass before the next.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Waits until a local append happens or the given time passes; without it the relay polls every <see cref="PollInterval"/>.</summary>
    public Func<TimeSpan, CancellationToken, Task>? WaitForAppends { get; init; }
}
