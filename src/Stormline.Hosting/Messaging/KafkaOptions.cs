using Confluent.Kafka;

namespace Stormline.Hosting.Messaging;

/// <summary>The "Kafka" configuration section.</summary>
public sealed class KafkaOptions
{
    public const string Section = "Kafka";

    /// <summary>host:port[,host:port]; the embedded broker of <c>stormline up</c> by default.</summary>
    public string BootstrapServers { get; set; } = "127.0.0.1:9092";

    /// <summary>
    /// How long the group waits for a silent consumer before giving its partitions to others: short, so a service
    /// killed with SIGKILL and restarted is back in seconds rather than librdkafka's default 45.
    /// </summary>
    public TimeSpan ConsumerSessionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// This replica's static group membership id (KIP-345), e.g. "orders-0": a replica restarted with the same id
    /// gets its partitions back without a rebalance. Each replica needs its own; empty for dynamic membership.
    /// </summary>
    public string? InstanceId { get; set; }

    /// <summary>
    /// How often the outbox relay, projections and log feeds look for appends made by another process; local appends
    /// wake them at once. By default 200 ms when replicas share the store (PostgreSQL) and 5 s when this process is its
    /// only writer (SQLite), where the look only guards against a missed wake-up: an idle service then costs nothing.
    /// </summary>
    public TimeSpan? OutboxPollInterval { get; set; }

    public TimeSpan PollInterval(bool sharedStore) => OutboxPollInterval ?? (sharedStore ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(5));

    /// <summary>Records per consumer batch (one store transaction), at most.</summary>
    public int MaxBatchSize { get; set; } = 500;

    /// <summary>How long a consumer waits for more records before handling a batch; zero handles what is there at once.</summary>
    public TimeSpan BatchLinger { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Any librdkafka setting by its own name ("security.protocol", "sasl.mechanism", "ssl.ca.location", …), applied
    /// to every producer and consumer of the service: how it reaches a secured cluster.
    /// </summary>
    public Dictionary<string, string> Client { get; set; } = new(StringComparer.Ordinal);

    public string? GroupInstanceId => string.IsNullOrWhiteSpace(InstanceId) ? null : InstanceId;

    public void Apply(ClientConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        foreach (var (name, value) in Client) config.Set(name, value);
    }
}
