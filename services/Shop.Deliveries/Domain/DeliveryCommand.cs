using Shop.Contracts;

namespace Shop.Deliveries.Domain;

/// <summary>Commands of the Delivery aggregate, whose stream is keyed by the order id (one delivery per order).</summary>
public abstract record DeliveryCommand(string OrderId);

/// <summary>Starts the order's delivery to the address of its user (the data subject of the address, see the model).</summary>
public sealed record StartDelivery(string OrderId, string UserId, Address Address, DateTimeOffset At) : DeliveryCommand(OrderId);

public sealed record CompleteDelivery(string OrderId, string? ReceivedBy, DateTimeOffset At) : DeliveryCommand(OrderId);

public sealed record CancelDelivery(string OrderId, string Reason, DateTimeOffset At) : DeliveryCommand(OrderId);
