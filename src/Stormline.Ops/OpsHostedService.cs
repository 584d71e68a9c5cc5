using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Stormline.Ops.Alerts;
using Stormline.Ops.Collecting;

namespace Stormline.Ops;

/// <summary>Runs the collector's polling loop and the alert evaluation loop for the lifetime of the host.</summary>
internal sealed class OpsHostedService(ClusterCollector collector, AlertMonitor alerts, OpsOptions options, ILogger<OpsHostedService>? logger = null) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.StartCollector ? Task.WhenAll(collector.RunAsync(stoppingToken), RunAlertsAsync(stoppingToken)) : Task.CompletedTask;

    private async Task RunAlertsAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await alerts.RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A rule that throws must not end alerting for the rest; the next tick tries again.
                OpsLog.EvaluationFailed((ILogger?)logger ?? NullLogger.Instance, ex);
            }
        }
    }
}
