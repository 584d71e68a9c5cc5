using Microsoft.Extensions.Diagnostics.HealthChecks;
using Shop.Hosting.Storage;

namespace Shop.Hosting.Health;

/// <summary>Ready only when both stores answer a query.</summary>
internal sealed class StoreHealthCheck(ShopStores stores) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await stores.Events.CountEventsAfter(long.MaxValue - 1, cancellationToken);
            await stores.Process.GetCheckpoint("health", cancellationToken);
            return HealthCheckResult.Healthy(stores.Description);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{stores.Description}: {e.Message}", e);
        }
    }
}
