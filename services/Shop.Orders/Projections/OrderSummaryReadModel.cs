using Shop.Contracts;
using Stormline.Hosting.ReadModels;
using Shop.Orders.Domain;
using Stormline.EventSourcing.Streams;

namespace Shop.Orders.Projections;

/// <summary>How order events fold into <see cref="OrderSummary"/>; the status follows the same ranking as the decider.</summary>
public sealed class OrderSummaryReadModel : IReadModel<OrderSummary>
{
    public static ReadModelTable Table { get; } = new("order_summaries");

    public string? IdOf(object @event) => @event switch
    {
        OrderCreated e => e.OrderId,
        OrderPaid e => e.OrderId,
        OrderShipped e => e.OrderId,
        OrderDelivered e => e.OrderId,
        OrderCancelled e => e.OrderId,
        _ => null,
    };

    public OrderSummary? Apply(OrderSummary? current, object @event, StreamEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (@event is OrderCreated created)
            return new OrderSummary(created.OrderId, created.UserId, OrderStatus.Created, created.Total, created.Currency, created.Lines, created.ShippingAddress,
                null, null, null, null, created.CreatedAt, created.CreatedAt, [new(nameof(OrderCreated), created.CreatedAt, stored.GlobalPosition)]);
        if (current is null) return null;

        var (next, at) = @event switch
        {
            OrderPaid e => (current with { Status = OrderState.Furthest(current.Status, OrderStatus.Paid), PaymentId = e.PaymentId }, e.PaidAt),
            OrderShipped e => (current with { Status = OrderState.Furthest(current.Status, OrderStatus.Shipped), DeliveryId = e.DeliveryId }, e.ShippedAt),
            OrderDelivered e => (current with { Status = OrderState.Furthest(current.Status, OrderStatus.Delivered) }, e.DeliveredAt),
            OrderCancelled e => (current with { Status = OrderStatus.Cancelled, CancelReason = e.Reason, CancelDetail = e.Detail }, e.CancelledAt),
            _ => (current, current.UpdatedAt),
        };
        return ReferenceEquals(next, current) ? current
            : next with { UpdatedAt = at, History = [.. current.History, new(@event.GetType().Name, at, stored.GlobalPosition)] };
    }

    public ReadModelRow Row(OrderSummary document, string json)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new(document.OrderId, document.Status.ToString(), document.CustomerId, document.CreatedAt, json);
    }
}
