namespace Shop.Orders.Application;

/// <summary>An order's payment is awaited until <paramref name="DueAt"/>: the deadline saga's start, made from OrderCreated and the configured window.</summary>
public sealed record PaymentAwaited(string OrderId, DateTimeOffset DueAt);
