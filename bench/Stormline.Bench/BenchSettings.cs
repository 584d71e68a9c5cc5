namespace Stormline.Bench;

/// <summary>What one bench run does: message counts, durations, repetitions and which peers it measures.</summary>
public sealed record BenchSettings
{
    /// <summary>Records produced (and then consumed) per run of the 100-byte workload.</summary>
    public int SmallCount { get; init; } = 1_000_000;

    /// <summary>Records produced (and then consumed) per run of the 1 KiB workload.</summary>
    public int LargeCount { get; init; } = 300_000;

    /// <summary>A produce run stops after this long even if it has not sent every record (keeps one run bounded).</summary>
    public TimeSpan ProduceCap { get; init; } = TimeSpan.FromSeconds(20);

    public int LatencyRate { get; init; } = 10_000;

    public TimeSpan LatencyDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Sent at the same rate before the measured window; its samples are dropped.</summary>
    public TimeSpan LatencyWarmup { get; init; } = TimeSpan.FromSeconds(1);

    public int Repeats { get; init; } = 2;

    /// <summary>Partitions of the Kafka topic (Redis and JetStream write one stream).</summary>
    public int Partitions { get; init; } = 1;

    public TimeSpan LoopbackDuration { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Records kcat -P produces; 0 skips the kcat workload.</summary>
    public int KcatCount { get; init; } = 1_000_000;

    public IReadOnlySet<string> Peers { get; init; } = new HashSet<string>(["stormline", "redis", "nats"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Which groups of workloads run: throughput (produce + read back), latency, ceilings (loopback TCP, kcat).</summary>
    public IReadOnlySet<string> Workloads { get; init; } = new HashSet<string>(["throughput", "latency", "ceilings"], StringComparer.OrdinalIgnoreCase);

    public required string BrokerDll { get; init; }

    /// <summary>Extra environment variables for the Stormline broker process only.</summary>
    public IReadOnlyDictionary<string, string> BrokerEnvironment { get; init; } = new Dictionary<string, string>();

    public string? OutputPath { get; init; }

    public bool Quick { get; init; }

    public static BenchSettings ForQuick(string brokerDll) => new()
    {
        BrokerDll = brokerDll,
        Quick = true,
        SmallCount = 100_000,
        LargeCount = 30_000,
        ProduceCap = TimeSpan.FromSeconds(5),
        LatencyDuration = TimeSpan.FromSeconds(2),
        LatencyWarmup = TimeSpan.FromMilliseconds(500),
        Repeats = 1,
        LoopbackDuration = TimeSpan.FromMilliseconds(500),
        KcatCount = 100_000,
    };
}
