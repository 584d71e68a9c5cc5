using Shop.Contracts;

namespace Shop.Orders.Domain;

/// <summary>Commands of the Order aggregate (the model's CreateOrder, CancelOrder, MarkOrderPaid, MarkOrderShipped, MarkOrderDelivered).</summary>
public abstract record OrderCommand(string OrderId);

public sealed record CreateOrder(string OrderId, string CustomerId, IReadOnlyList<OrderLine> Lines, string Currency, Address ShippingAddress, DateTimeOffset At)
    : OrderCommand(OrderId);

/// <param name="OnlyIfUnpaid">Sent by a policy or deadline: cancel a still unpaid order, otherwise do nothing (never refuse).</param>
public sealed record CancelOrder(string OrderId, CancelReason Reason, string? Detail, DateTimeOffset At, bool OnlyIfUnpaid = false) : OrderCommand(OrderId);

public sealed record MarkOrderPaid(string OrderId, string PaymentId, DateTimeOffset At) : OrderCommand(OrderId);

public sealed record MarkOrderShipped(string OrderId, string DeliveryId, DateTimeOffset At) : OrderCommand(OrderId);

public sealed record MarkOrderDelivered(string OrderId, DateTimeOffset At) : OrderCommand(OrderId);
