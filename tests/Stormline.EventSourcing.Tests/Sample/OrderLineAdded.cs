namespace Stormline.EventSourcing.Tests.Sample;

public sealed record OrderLineAdded(string OrderId, string Sku, int Quantity, decimal Price) : OrderEvent(OrderId);
