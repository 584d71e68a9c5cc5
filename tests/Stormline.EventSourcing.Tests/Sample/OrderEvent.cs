namespace Stormline.EventSourcing.Tests.Sample;

/// <summary>Events of the sample Order aggregate: past tense, immutable, each carrying the order id.</summary>
public abstract record OrderEvent(string OrderId);

public sealed record OrderCreated(string OrderId, string CustomerId, DateTimeOffset CreatedAt) : OrderEvent(OrderId);

public sealed record OrderLineAdded(string OrderId, string Sku, int Quantity, decimal Price) : OrderEvent(OrderId);

public sealed record OrderCancelled(string OrderId, string Reason, DateTimeOffset CancelledAt) : OrderEvent(OrderId);
