namespace Shop.Orders.Domain;

/// <summary>What the Order decider needs to know: its status and whether a payment was recorded.</summary>
public sealed record OrderState(OrderStatus Status, string? CustomerId, decimal Total, string? PaymentId)
{
    public static OrderState Initial { get; } = new(OrderStatus.None, null, 0m, null);

    /// <summary>The further of two statuses; Cancelled is final.</summary>
    public static OrderStatus Furthest(OrderStatus current, OrderStatus next) =>
        current == OrderStatus.Cancelled ? current : (OrderStatus)Math.Max((int)current, (int)next);
}
