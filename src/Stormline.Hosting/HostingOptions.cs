namespace Stormline.Hosting;

/// <summary>The "Stormline" configuration section: the runtime's own settings.</summary>
public sealed class HostingOptions
{
    public const string Section = "Stormline";

    /// <summary>How long a consumer partition, the relay, a projection or a log feed may fail before /health/ready says not ready.</summary>
    public TimeSpan StuckThreshold { get; set; } = TimeSpan.FromSeconds(30);
}
