namespace Stormline.Hosting;

/// <summary>The "Stormline" configuration section: the runtime's own settings.</summary>
public sealed class HostingOptions
{
    public const string Section = "Stormline";

    /// <summary>How long a consumer partition, the relay, a projection or a log feed may fail before /health/ready says not ready.</summary>
    public TimeSpan StuckThreshold { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Events a read-model rebuild replays per transaction; the live projection runs between two of them.</summary>
    public int RebuildBatchSize { get; set; } = 500;

    /// <summary>
    /// How long projections and log feeds wait before their next pass while events keep arriving. Each pass commits
    /// once, so under load a pass takes everything that arrived meanwhile instead of committing a few events at a time
    /// (every commit rewrites the checkpoint's and the read model's pages). A read model then lags by at most this much
    /// more; a pass after a quiet spell still starts at the first append. Zero: the next pass at once.
    /// </summary>
    public TimeSpan TailInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>A pause between a rebuild's batches, to cap the load a rebuild puts on a busy database; zero replays flat out.</summary>
    public TimeSpan RebuildPause { get; set; } = TimeSpan.Zero;
}
