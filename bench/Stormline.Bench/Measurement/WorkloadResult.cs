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

    /// <summary>Server CPU per message in microseconds: what the server spends, whatever else runs on the machine.</summary>
    public double ServerMicrosPerMessage => Messages > 0 ? Cpu.ServerSeconds * 1e6 / Messages : 0;

    /// <summary>This bench process's (the clients') CPU per message in microseconds.</summary>
    public double ClientMicrosPerMessage => Messages > 0 ? Cpu.ClientSeconds * 1e6 / Messages : 0;

    public double MegabytesPerSecond => Elapsed > TimeSpan.Zero ? Bytes / Elapsed.TotalSeconds / 1_000_000 : 0;
}
