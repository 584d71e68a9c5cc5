namespace Stormline.EventSourcing.Tests.Sample;

public sealed record OrderCreated(string OrderId, string CustomerId, DateTimeOffset CreatedAt) : OrderEvent(OrderId);
