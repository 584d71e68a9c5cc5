using Stormline.Ops.Collecting;
using Stormline.Ops.Lag;

namespace Stormline.Ops.Alerts;

/// <summary>
/// Gathers the alert inputs (collector history, lag verdicts, service readiness, outbox ages, broker disk) and
/// runs the evaluator on them every <see cref="AlertOptions.EvaluationInterval"/>; the console can also call
/// <see cref="EvaluateOnceAsync"/> itself.
/// </summary>
public sealed class AlertMonitor(
    ClusterCollector collector,
    LagMonitor lag,
    AlertEvaluator evaluator,
    ServiceHealthProbe services,
    OutboxAgeReports outboxes,
    BrokerDiskProbe disks,
    AlertOptions options)
{
    public AlertEvaluator Evaluator => evaluator;

    public async Task<IReadOnlyList<Alert>> EvaluateOnceAsync(CancellationToken cancellationToken = default)
    {
        var health = await services.CheckAsync(cancellationToken);
        var context = new AlertContext(
            collector.Options.TimeProvider.GetUtcNow(),
            collector.History.ToList(),
            lag.Verdicts,
            health,
            outboxes.Current(),
            disks.Read());
        return await evaluator.EvaluateAsync(context, cancellationToken);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.EvaluationInterval, collector.Options.TimeProvider);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            await EvaluateOnceAsync(cancellationToken);
        }
    }
}
