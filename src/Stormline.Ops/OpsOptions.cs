using Stormline.Ops.Alerts;
using Stormline.Ops.Collecting;
using Stormline.Ops.Lag;

namespace Stormline.Ops;

/// <summary>Everything <see cref="OpsServiceCollectionExtensions.AddStormlineOps"/> sets up, with defaults that suit one laptop.</summary>
public sealed class OpsOptions
{
    public ClusterCollectorOptions Collector { get; } = new();

    public LagEvaluatorOptions Lag { get; } = new();

    public AlertOptions Alerts { get; } = new();

    /// <summary>Further meters to export at /metrics (for example the embedded broker's, <c>Stormline.Broker</c>).</summary>
    public IList<string> MeterNames { get; } = ["Stormline.Broker", "Stormline.Messaging"];

    /// <summary>
    /// Series kept per partition-level metric (OpenTelemetry's cardinality limit, 2,000 by default, would silently fold
    /// every partition past the 2,000th into one overflow series). The SDK reserves room for this many per metric.
    /// </summary>
    public int MaxSeriesPerMetric { get; set; } = 20_000;

    /// <summary>Whether the collector polls and the alerts are evaluated in the background while the host runs (off for hosts that drive them by hand).</summary>
    public bool StartCollector { get; set; } = true;
}
