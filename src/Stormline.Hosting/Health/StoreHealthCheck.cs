using Microsoft.Extensions.Diagnostics.HealthChecks;
using Stormline.Hosting.Storage;

namespace Stormline.Hosting.Health;

/// <summary>Ready only when the store answers a query.</summary>
internal sealed class StoreHealthCheck(ServiceStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.Store.GetCheckpoint("health", cancellationToken);
            return HealthCheckResult.Healthy(store.Description);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{store.Description}: {e.Message}", e);
        }
    }
}
