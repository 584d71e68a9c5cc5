using Microsoft.Extensions.Hosting;
using Stormline.Ops.Collecting;

namespace Stormline.Ops;

/// <summary>Runs the collector's polling loop for the lifetime of the host.</summary>
internal sealed class OpsHostedService(ClusterCollector collector, OpsOptions options) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.StartCollector ? collector.RunAsync(stoppingToken) : Task.CompletedTask;
}
