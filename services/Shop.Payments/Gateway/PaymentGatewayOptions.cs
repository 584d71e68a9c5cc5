namespace Shop.Payments.Gateway;

/// <summary>The "PaymentGateway" configuration section: the simulated external gateway's behaviour.</summary>
public sealed class PaymentGatewayOptions
{
    public const string Section = "PaymentGateway";

    /// <summary>How long each authorization or refund takes.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Customers whose id starts with this are always declined.</summary>
    public string DeclinePrefix { get; set; } = "decline-";

    /// <summary>An order whose total is above this is declined (the customer's limit).</summary>
    public decimal CustomerLimit { get; set; } = 10_000m;

    /// <summary>The gateway's ledger file; by default gateway.db in the service's data folder (Store:DataDir).</summary>
    public string? LedgerPath { get; set; }
}
