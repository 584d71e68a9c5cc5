namespace Stormline.Bench.EventStore.Suite;

public sealed record BenchSettings
{
    /// <summary>Single-event appends per run (issue 3: 100,000 over 10,000 streams).</summary>
    public int SingleAppends { get; init; } = 100_000;

    public int SingleStreams { get; init; } = 10_000;

    /// <summary>Appends of <see cref="BatchSize"/> events per run.</summary>
    public int BatchAppends { get; init; } = 10_000;

    public int BatchStreams { get; init; } = 1_000;

    public int BatchSize { get; init; } = 10;

    public IReadOnlyList<int> Writers { get; init; } = [1, 8, 64];

    /// <summary>
    /// A single writer waits for every commit's disk flush (≈ 5 ms here), so it runs a tenth of the appends, over a
    /// tenth of the streams: the rate is the same, the run 9 minutes shorter per store.
    /// </summary>
    public int SingleWriterDivisor { get; init; } = 10;

    public IReadOnlyList<int> RehydrationLengths { get; init; } = [1_000, 10_000];

    public int RehydrationLoads { get; init; } = 20;

    public IReadOnlySet<string> Targets { get; init; } = new HashSet<string>(AllTargets, StringComparer.OrdinalIgnoreCase);

    public IReadOnlySet<string> Workloads { get; init; } = new HashSet<string>(["single", "batch", "rehydrate"], StringComparer.OrdinalIgnoreCase);

    public string? PostgresBin { get; init; }

    public static IReadOnlyList<string> AllTargets { get; } = ["stormline-pg", "stormline-pg-outbox", "marten", "stormline-sqlite"];

    /// <summary>A smoke run: a twentieth of the appends, short streams, few loads.</summary>
    public static BenchSettings Quick { get; } = new()
    {
        SingleAppends = 5_000,
        SingleStreams = 500,
        BatchAppends = 500,
        BatchStreams = 50,
        RehydrationLengths = [200, 2_000],
        RehydrationLoads = 3,
    };
}
