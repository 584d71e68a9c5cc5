namespace Stormline.EventSourcing.Tests.Sample;

public sealed record AddOrderLine(string OrderId, string Sku, int Quantity, decimal Price) : OrderCommand(OrderId);
