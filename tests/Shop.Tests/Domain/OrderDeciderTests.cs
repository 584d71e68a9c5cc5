using Shop.Contracts;
using Shop.Orders.Domain;
using Stormline.EventSourcing.Domain;

namespace Shop.Tests.Domain;

/// <summary>Given events / when a command / then events (or a refusal), no IO.</summary>
public sealed class OrderDeciderTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly OrderCreated Created = new("o-1", "c-1", [new OrderLine("book-1", 2, 12.50m)], 25m, "EUR", new Address("c-1", "", "", "", null), null, At);

    private static OrderState Given(params object[] events) => events.Aggregate(Order.Initial, Order.Evolve);

    [Fact]
    public void Create_totals_the_lines_and_refuses_a_second_create()
    {
        var command = new CreateOrder("o-1", "c-1", [new OrderLine("a", 2, 12.50m), new OrderLine("b", 1, 5m)], "EUR", Created.ShippingAddress, At);

        var created = Assert.IsType<OrderCreated>(Assert.Single(Order.Decide(command, Given())));
        Assert.Equal(30m, created.Total);
        Assert.Throws<CommandRejectedException>(() => Order.Decide(command, Given(Created)));
    }

    [Fact]
    public void Customer_cancel_is_allowed_until_shipped_then_refused()
    {
        var cancel = new CancelOrder("o-1", CancelReason.CustomerRequest, null, At);

        Assert.IsType<OrderCancelled>(Assert.Single(Order.Decide(cancel, Given(Created))));
        Assert.IsType<OrderCancelled>(Assert.Single(Order.Decide(cancel, Given(Created, new OrderPaid("o-1", "pay-o-1", At)))));
        var shipped = Assert.Throws<CommandRejectedException>(() => Order.Decide(cancel, Given(Created, new OrderPaid("o-1", "p", At), new OrderShipped("o-1", "d", At))));
        Assert.Contains("Shipped", shipped.Message, StringComparison.Ordinal);
        Assert.Throws<CommandRejectedException>(() => Order.Decide(cancel, Given()));
        Assert.Throws<CommandRejectedException>(() => Order.Decide(cancel, Given(Created, new OrderCancelled("o-1", CancelReason.CustomerRequest, null, At))));
    }

    [Fact]
    public void Policy_cancel_only_touches_an_unpaid_order()
    {
        var compensate = new CancelOrder("o-1", CancelReason.PaymentFailed, "declined", At, OnlyIfUnpaid: true);

        Assert.Single(Order.Decide(compensate, Given(Created)));
        Assert.Empty(Order.Decide(compensate, Given(Created, new OrderPaid("o-1", "p", At))));
        Assert.Empty(Order.Decide(compensate, Given()));
    }

    [Fact]
    public void Delivery_reported_before_payment_still_records_both_and_never_moves_back()
    {
        var shipped = Given(Created, new OrderShipped("o-1", "d", At));

        Assert.IsType<OrderPaid>(Assert.Single(Order.Decide(new MarkOrderPaid("o-1", "p", At), shipped)));
        var paidLate = Order.Evolve(shipped, new OrderPaid("o-1", "p", At));
        Assert.Equal(OrderStatus.Shipped, paidLate.Status);
        Assert.Empty(Order.Decide(new MarkOrderPaid("o-1", "p", At), paidLate));
    }

    [Fact]
    public void Late_payment_or_delivery_of_a_cancelled_order_changes_nothing()
    {
        var cancelled = Given(Created, new OrderCancelled("o-1", CancelReason.CustomerRequest, null, At));

        Assert.Empty(Order.Decide(new MarkOrderPaid("o-1", "p", At), cancelled));
        Assert.Empty(Order.Decide(new MarkOrderShipped("o-1", "d", At), cancelled));
        Assert.Empty(Order.Decide(new MarkOrderDelivered("o-1", At), cancelled));
    }
}
