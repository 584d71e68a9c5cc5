namespace Shop.Hosting.Messaging;

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

    /// <summary>How often the outbox relay looks for unsent events when no local append woke it.</summary>
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);
}
