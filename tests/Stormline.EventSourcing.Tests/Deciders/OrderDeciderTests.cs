using Stormline.EventSourcing.Tests.Sample;

namespace Stormline.EventSourcing.Tests.Deciders;

public sealed class OrderDeciderTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private static DeciderSpec<Order, OrderCommand, OrderEvent, OrderState> Spec() => new();

    [Fact]
    public void CreateOrderOnNoHistoryEmitsOrderCreated() =>
        Spec().Given().When(new CreateOrder("42", "alice", At)).Then(new OrderCreated("42", "alice", At));

    [Fact]
    public void CreateOrderTwiceIsRejected() =>
        Spec().Given(new OrderCreated("42", "alice", At)).When(new CreateOrder("42", "bob", At)).ThenRejected("Order 42 already exists.");

    [Fact]
    public void AddOrderLineToCreatedOrderEmitsOrderLineAdded() =>
        Spec().Given(new OrderCreated("42", "alice", At)).When(new AddOrderLine("42", "sku-1", 2, 9.5m)).Then(new OrderLineAdded("42", "sku-1", 2, 9.5m));

    [Fact]
    public void AddOrderLineWithZeroQuantityIsRejected() =>
        Spec().Given(new OrderCreated("42", "alice", At)).When(new AddOrderLine("42", "sku-1", 0, 9.5m)).ThenRejected("Quantity must be positive, was 0.");

    [Fact]
    public void AddOrderLineToCancelledOrderIsRejected() =>
        Spec().Given(new OrderCreated("42", "alice", At), new OrderCancelled("42", "changed mind", At))
            .When(new AddOrderLine("42", "sku-1", 1, 1m)).ThenRejected("Order 42 is not open for new lines.");

    [Fact]
    public void CancelOrderEmitsOrderCancelled() =>
        Spec().Given(new OrderCreated("42", "alice", At)).When(new CancelOrder("42", "changed mind", At)).Then(new OrderCancelled("42", "changed mind", At));

    [Fact]
    public void CancelOrderTwiceEmitsNothing() =>
        Spec().Given(new OrderCreated("42", "alice", At), new OrderCancelled("42", "changed mind", At))
            .When(new CancelOrder("42", "again", At)).Then();

    [Fact]
    public void CancelUnknownOrderIsRejected() =>
        Spec().Given().When(new CancelOrder("42", "?", At)).ThenRejected("Order 42 does not exist.");

    [Fact]
    public void EvolveFoldsLinesIntoTotal()
    {
        var state = new OrderEvent[] { new OrderCreated("42", "alice", At), new OrderLineAdded("42", "a", 2, 3m), new OrderLineAdded("42", "b", 1, 4m) }
            .Aggregate(Order.Initial, Order.Evolve);
        Assert.Equal(new OrderState("42", OrderStatus.Created, 2, 10m), state);
    }
}
