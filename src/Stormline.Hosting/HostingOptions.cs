namespace Stormline.Hosting;

/// <summary>The "Stormline" configuration section: the runtime's own settings.</summary>
public sealed class HostingOptions
{
    public const string Section = "Stormline";

    /// <summary>How long a consumer partition, the relay, a projection or a log feed may fail before /health/ready says not ready.</summary>
    public TimeSpan StuckThreshold { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Events a read-model rebuild replays per transaction; the live projection runs between two of them.</summary>
    public int RebuildBatchSize { get; set; } = 500;

    /// <summary>A pause between a rebuild's batches, to cap the load a rebuild puts on a busy database; zero replays flat out.</summary>
    public TimeSpan RebuildPause { get; set; } = TimeSpan.Zero;
}
