namespace Shop.Orders;

/// <summary>The "Orders" configuration section.</summary>
public sealed class OrdersOptions
{
    public const string Section = "Orders";

    /// <summary>How long an order waits for its payment's answer before it is cancelled.</summary>
    public TimeSpan PaymentDeadline { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often due deadlines are looked for.</summary>
    public TimeSpan DeadlineCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The currency of orders that name none.</summary>
    public string Currency { get; set; } = "EUR";

    public int MaxLines { get; set; } = 50;
}
