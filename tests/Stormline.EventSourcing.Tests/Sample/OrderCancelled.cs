namespace Stormline.EventSourcing.Tests.Sample;

public sealed record OrderCancelled(string OrderId, string Reason, DateTimeOffset CancelledAt) : OrderEvent(OrderId);
