using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using Stormline.Ops.Alerts;
using Stormline.Ops.Collecting;
using Stormline.Ops.Lag;
using Stormline.Ops.Metrics;

namespace Stormline.Ops;

/// <summary>Registers the collector, lag monitor, metrics and alerts in an ASP.NET Core host, and maps /metrics.</summary>
public static class OpsServiceCollectionExtensions
{
    public static IServiceCollection AddStormlineOps(this IServiceCollection services, Action<OpsOptions>? configure = null)
    {
        var options = new OpsOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(options);
        services.TryAddSingleton(sp => new ClusterCollector(options.Collector, sp.GetService<ILogger<ClusterCollector>>()));
        services.TryAddSingleton(_ => new LagEvaluator(options.Lag));
        services.TryAddSingleton<LagMonitor>();
        services.TryAddSingleton<OpsMetrics>();
        services.TryAddSingleton(options.Alerts);
        services.TryAddSingleton(sp => new OutboxAgeReports(options.Collector.TimeProvider));
        services.TryAddSingleton(sp => new ServiceHealthProbe(options.Alerts, sp.GetRequiredService<OutboxAgeReports>(), time: options.Collector.TimeProvider));
        services.TryAddSingleton<BrokerDiskProbe>();
        services.TryAddSingleton(sp => new AlertEvaluator(options.Alerts, sp.GetService<ILogger<AlertEvaluator>>()));
        services.TryAddSingleton<AlertMonitor>();
        services.AddHostedService<OpsHostedService>();
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(OpsMetrics.MeterName);
            foreach (var name in options.MeterNames)
            {
                metrics.AddMeter(name);
            }

            // No otel_scope_* labels: kafka_exporter's label sets must come out exactly, or existing rules stop matching.
            metrics.AddView(instrument => MetricNames.PerPartition.Contains(instrument.Name)
                ? new MetricStreamConfiguration { CardinalityLimit = options.MaxSeriesPerMetric }
                : null);
            metrics.AddPrometheusExporter(exporter => exporter.ScopeInfoEnabled = false);
        });
        return services;
    }

    /// <summary>
    /// Serves the Prometheus text exposition format at <paramref name="path"/>. Resolving <see cref="OpsMetrics"/>
    /// here creates its gauges before the first scrape; see <see cref="SumGaugeTypeMiddleware"/> for the two
    /// kafka_exporter names declared untyped.
    /// </summary>
    public static IEndpointConventionBuilder MapStormlineMetrics(this IEndpointRouteBuilder endpoints, string path = "/metrics")
    {
        _ = endpoints.ServiceProvider.GetRequiredService<OpsMetrics>();
        return endpoints.MapPrometheusScrapingEndpoint(path, meterProvider: null, configureBranchedPipeline: pipeline => pipeline.UseMiddleware<SumGaugeTypeMiddleware>(), optionsName: null);
    }
}
