using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Stormline.Hosting.Messaging;
using Stormline.Hosting.ReadModels;

namespace Stormline.Hosting.Health;

/// <summary>
/// Not ready, with the reason, while a consumer partition, the outbox relay, a projection or a log feed has been stuck
/// on a failure for longer than <see cref="HostingOptions.StuckThreshold"/>: a load balancer or an orchestrator then
/// sees what the logs say.
/// </summary>
internal sealed class RuntimeHealthCheck(IEnumerable<IHostedService> hosted, IEnumerable<LocalLogFeed> feeds, IOptions<HostingOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var threshold = options.Value.StuckThreshold;
        var stuck = new List<string>();
        foreach (var service in hosted)
        {
            switch (service)
            {
                case ConsumerService consumer:
                    stuck.AddRange(consumer.Stuck(threshold).Select(s => $"{consumer.Registration.GroupId}: {s}"));
                    break;
                case OutboxRelayService relay when relay.Stuck(threshold) is { } why:
                    stuck.Add(why);
                    break;
                case ProjectionService projections when projections.Stuck(threshold) is { } why:
                    stuck.Add(why);
                    break;
            }
        }
        stuck.AddRange(feeds.Select(f => f.Stuck(threshold)).OfType<string>());
        return Task.FromResult(stuck.Count == 0
            ? HealthCheckResult.Healthy("consumers, relay and projections are flowing")
            : HealthCheckResult.Unhealthy(string.Join("; ", stuck)));
    }
}
