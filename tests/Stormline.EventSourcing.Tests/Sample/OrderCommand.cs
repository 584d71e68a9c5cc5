namespace Stormline.EventSourcing.Tests.Sample;

/// <summary>Commands of the sample Order aggregate. Time travels in the command so the decider stays pure.</summary>
public abstract record OrderCommand(string OrderId);

public sealed record CreateOrder(string OrderId, string CustomerId, DateTimeOffset At) : OrderCommand(OrderId);

public sealed record AddOrderLine(string OrderId, string Sku, int Quantity, decimal Price) : OrderCommand(OrderId);

public sealed record CancelOrder(string OrderId, string Reason, DateTimeOffset At) : OrderCommand(OrderId);
