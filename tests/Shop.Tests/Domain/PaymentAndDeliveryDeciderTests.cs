using Shop.Contracts;
using Shop.Deliveries.Domain;
using Shop.Payments.Domain;
using Shop.Payments.Gateway;
using Stormline.EventSourcing.Domain;

namespace Shop.Tests.Domain;

public sealed class PaymentAndDeliveryDeciderTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly Address Home = new("Kim", "Sejong-daero 110", "Seoul", "04524", null);

    [Fact]
    public void Payment_is_decided_once_whatever_is_asked_again()
    {
        var approve = new AuthorizePayment("o-1", 25m, new GatewayDecision(true, "A1", null), At);
        var completed = Assert.IsType<PaymentCompleted>(Assert.Single(Payment.Decide(approve, Payment.Initial)));
        var state = Payment.Evolve(Payment.Initial, completed);

        Assert.Empty(Payment.Decide(approve, state));
        Assert.Empty(Payment.Decide(approve with { Decision = new GatewayDecision(false, null, "no") }, state));
        Assert.Equal("pay-o-1", completed.PaymentId);
    }

    [Fact]
    public void Refund_follows_only_a_completed_payment_and_only_once()
    {
        var refund = new RefundPayment("o-1", At);
        var paid = Payment.Evolve(Payment.Initial, new PaymentCompleted("pay-o-1", "o-1", 25m, PaymentMethod.Card, "A1", At));

        var refunded = Assert.IsType<PaymentRefunded>(Assert.Single(Payment.Decide(refund, paid)));
        Assert.Equal(25m, refunded.Amount);
        Assert.Empty(Payment.Decide(refund, Payment.Evolve(paid, refunded)));
        Assert.Empty(Payment.Decide(refund, Payment.Evolve(Payment.Initial, new PaymentFailed("pay-o-1", "o-1", "declined", At))));
        Assert.Empty(Payment.Decide(refund, Payment.Initial));
    }

    [Fact]
    public void Delivery_completes_once_and_never_after_cancel()
    {
        var started = Delivery.Evolve(Delivery.Initial, Assert.IsType<DeliveryStarted>(Assert.Single(Delivery.Decide(new StartDelivery("o-1", "u-1", Home, At), Delivery.Initial))));
        var complete = new CompleteDelivery("o-1", "Kim", At);

        var completed = Delivery.Evolve(started, Assert.IsType<DeliveryCompleted>(Assert.Single(Delivery.Decide(complete, started))));
        Assert.Throws<CommandRejectedException>(() => Delivery.Decide(complete, completed));
        Assert.Throws<CommandRejectedException>(() => Delivery.Decide(complete, Delivery.Initial));
        Assert.Empty(Delivery.Decide(new CancelDelivery("o-1", "refunded", At), completed));
    }

    [Fact]
    public void Cancellation_that_arrives_first_keeps_the_delivery_from_starting()
    {
        var cancelled = Delivery.Evolve(Delivery.Initial, Assert.IsType<DeliveryCancelled>(Assert.Single(Delivery.Decide(new CancelDelivery("o-1", "refunded", At), Delivery.Initial))));

        Assert.Empty(Delivery.Decide(new StartDelivery("o-1", "u-1", Home, At), cancelled));
        Assert.Throws<CommandRejectedException>(() => Delivery.Decide(new CompleteDelivery("o-1", null, At), cancelled));
    }
}
