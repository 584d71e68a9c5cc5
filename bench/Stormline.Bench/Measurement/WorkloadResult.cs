namespace Stormline.Bench.Measurement;

/// <summary>
/// One measured run of one workload against one system: what moved, how long it took, the CPU it cost and,
/// for latency runs, the percentiles. <see cref="Note"/> says what fell short (errors, a capped run).
/// </summary>
public sealed record WorkloadResult
{
    public required string Workload { get; init; }

    public required string System { get; init; }

    public int Run { get; init; }

    public long Messages { get; init; }

    public long Bytes { get; init; }

    public TimeSpan Elapsed { get; init; }

    public CpuUsage Cpu { get; init; }

    public LatencySummary? Latency { get; init; }

    /// <summary>Fixed-rate runs: the rate actually achieved by the sender.</summary>
    public double? SentPerSecond { get; init; }

    public string? Note { get; init; }

    public double MessagesPerSecond => Elapsed > TimeSpan.Zero ? Messages / Elapsed.TotalSeconds : 0;

    public double MegabytesPerSecond => Elapsed > TimeSpan.Zero ? Bytes / Elapsed.TotalSeconds / 1_000_000 : 0;
}
