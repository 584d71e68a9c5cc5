namespace Stormline.Cli.Load;

/// <summary>
/// The order bodies the load sends. A declined order comes from a customer the simulated gateway always declines (its
/// deterministic rule: PaymentGateway:DeclinePrefix, "decline-" by default); every order stays under the customer limit.
/// </summary>
public static class DeclineRule
{
    public const string DeclinedCustomerPrefix = "decline-";

    public static object Body(OrderTrace trace)
    {
        var declined = trace.Kind == OrderKind.Declined;
        return new
        {
            customerId = declined ? $"{DeclinedCustomerPrefix}load-{trace.Index % 500}" : $"load-{trace.Index % 500}",
            lines = new[]
            {
                new { sku = $"sku-{trace.Index % 50}", quantity = 1 + (trace.Index % 3), unitPrice = 12.50m },
            },
        };
    }
}
