namespace Stormline.Cli.Load;

/// <summary>What the load generator meant an order to do, which decides the state it must end in.</summary>
public enum OrderKind
{
    /// <summary>Paid, then shipped: ends Shipped (or Delivered).</summary>
    Normal,

    /// <summary>Over the customer's limit: the payment is declined and the order cancelled as compensation.</summary>
    Declined,

    /// <summary>Cancelled by the customer right after creation: Cancelled, or Shipped/Delivered when the cancel came too late (409).</summary>
    Cancelled,
}
