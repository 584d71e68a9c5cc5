using Shop.Contracts;
using Stormline.EventSourcing.Domain;

namespace Shop.Orders.Domain;

/// <summary>
/// The Order aggregate. Customer commands are strict (an illegal transition is refused); the Mark* commands come from
/// other services' events through policies and are tolerant: a repeat or a late arrival changes nothing rather than
/// failing, because payment and delivery events travel on different topics and may arrive in either order.
/// </summary>
public sealed class Order : IDecider<OrderCommand, object, OrderState>
{
    private Order() { }

    public static OrderState Initial => OrderState.Initial;

    public static IReadOnlyList<object> Decide(OrderCommand command, OrderState state) => command switch
    {
        CreateOrder c when state.Status == OrderStatus.None =>
            [new OrderCreated(c.OrderId, c.CustomerId, c.Lines, c.Lines.Sum(l => l.Quantity * l.UnitPrice), c.Currency, c.ShippingAddress, null, c.At)],
        CreateOrder c => throw new CommandRejectedException($"Order {c.OrderId} already exists."),
        CancelOrder { OnlyIfUnpaid: true } c => state.Status == OrderStatus.Created ? [Cancelled(c)] : [],
        CancelOrder c => state.Status switch
        {
            OrderStatus.Created or OrderStatus.Paid => [Cancelled(c)],
            OrderStatus.None => throw new CommandRejectedException($"Order {c.OrderId} does not exist."),
            OrderStatus.Cancelled => throw new CommandRejectedException($"Order {c.OrderId} is already cancelled."),
            _ => throw new CommandRejectedException($"Order {c.OrderId} is {state.Status} and can no longer be cancelled: cancelling is allowed until the order ships."),
        },
        // Delivery may be reported before the payment (other topic); the payment is still recorded, the status never moves back.
        MarkOrderPaid c => state.Status is OrderStatus.Created or OrderStatus.Shipped or OrderStatus.Delivered && state.PaymentId is null
            ? [new OrderPaid(c.OrderId, c.PaymentId, c.At)] : [],
        MarkOrderShipped c => state.Status is OrderStatus.Created or OrderStatus.Paid ? [new OrderShipped(c.OrderId, c.DeliveryId, c.At)] : [],
        MarkOrderDelivered c => state.Status == OrderStatus.Shipped ? [new OrderDelivered(c.OrderId, c.At)] : [],
        _ => throw new CommandRejectedException($"Unknown command {command.GetType().Name}."),
    };

    public static OrderState Evolve(OrderState state, object @event) => @event switch
    {
        OrderCreated e => state with { Status = OrderStatus.Created, CustomerId = e.UserId, Total = e.Total },
        OrderPaid e => state with { Status = OrderState.Furthest(state.Status, OrderStatus.Paid), PaymentId = e.PaymentId },
        OrderShipped => state with { Status = OrderState.Furthest(state.Status, OrderStatus.Shipped) },
        OrderDelivered => state with { Status = OrderState.Furthest(state.Status, OrderStatus.Delivered) },
        OrderCancelled => state with { Status = OrderStatus.Cancelled },
        _ => state,
    };

    private static OrderCancelled Cancelled(CancelOrder c) => new(c.OrderId, c.Reason, c.Detail, c.At);
}
