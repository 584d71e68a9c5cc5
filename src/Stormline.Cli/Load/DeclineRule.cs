namespace Stormline.Cli.Load;

/// <summary>
/// The order bodies the load sends. A declined order goes over the simulated gateway's customer limit (the Payments
/// service's deterministic decline rule, services/README.md); every other order stays well under it.
/// </summary>
public static class DeclineRule
{
    /// <summary>A total no customer limit allows.</summary>
    public const decimal OverLimitUnitPrice = 1_000_000m;

    public static object Body(OrderTrace trace)
    {
        var declined = trace.Kind == OrderKind.Declined;
        return new
        {
            customerId = $"load-{trace.Index % 500}",
            lines = new[]
            {
                new { sku = $"sku-{trace.Index % 50}", quantity = 1 + (trace.Index % 3), unitPrice = declined ? OverLimitUnitPrice : 12.50m },
            },
        };
    }
}
