namespace Stormline.EventSourcing.Tests.Sample;

public sealed record CreateOrder(string OrderId, string CustomerId, DateTimeOffset At) : OrderCommand(OrderId);
