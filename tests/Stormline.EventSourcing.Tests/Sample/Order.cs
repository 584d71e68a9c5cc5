using Stormline.EventSourcing.Domain;

namespace Stormline.EventSourcing.Tests.Sample;

/// <summary>The sample aggregate as a decider; its name gives the stream category ("Order-42").</summary>
public sealed class Order : IDecider<OrderCommand, OrderEvent, OrderState>
{
    private Order() { }

    public static OrderState Initial => OrderState.Initial;

    public static IReadOnlyList<OrderEvent> Decide(OrderCommand command, OrderState state) => (command, state.Status) switch
    {
        (CreateOrder c, OrderStatus.None) => [new OrderCreated(c.OrderId, c.CustomerId, c.At)],
        (CreateOrder c, _) => throw new CommandRejectedException($"Order {c.OrderId} already exists."),
        (AddOrderLine c, OrderStatus.Created) when c.Quantity > 0 => [new OrderLineAdded(c.OrderId, c.Sku, c.Quantity, c.Price)],
        (AddOrderLine c, OrderStatus.Created) => throw new CommandRejectedException($"Quantity must be positive, was {c.Quantity}."),
        (AddOrderLine c, _) => throw new CommandRejectedException($"Order {c.OrderId} is not open for new lines."),
        (CancelOrder c, OrderStatus.Created) => [new OrderCancelled(c.OrderId, c.Reason, c.At)],
        (CancelOrder, OrderStatus.Cancelled) => [], // cancelling twice changes nothing
        (CancelOrder c, _) => throw new CommandRejectedException($"Order {c.OrderId} does not exist."),
        _ => throw new CommandRejectedException($"Unknown command {command.GetType().Name}."),
    };

    public static OrderState Evolve(OrderState state, OrderEvent @event) => @event switch
    {
        OrderCreated e => state with { OrderId = e.OrderId, Status = OrderStatus.Created },
        OrderLineAdded e => state with { Lines = state.Lines + 1, Total = state.Total + e.Quantity * e.Price },
        OrderCancelled => state with { Status = OrderStatus.Cancelled },
        _ => state,
    };
}
