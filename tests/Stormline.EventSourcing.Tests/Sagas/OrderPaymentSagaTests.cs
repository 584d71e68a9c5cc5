using Stormline.EventSourcing.Sagas;
using Stormline.EventSourcing.Tests.Sample;

namespace Stormline.EventSourcing.Tests.Sagas;

/// <summary>The saga's pure functions, Given(state)/When(event or deadline)/Then(step), with no store.</summary>
public sealed class OrderPaymentSagaTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void OrderCreatedSchedulesThePaymentDeadline()
    {
        var step = OrderPaymentSaga.Handle(OrderPaymentSaga.Initial, new OrderCreated("42", "alice", At), At);
        Assert.Equal(new Deadline("payment-due", At + OrderPaymentSaga.PaymentWindow), Assert.Single(step.Schedule));
        Assert.Empty(step.Commands);
        Assert.False(step.Completed);
    }

    [Fact]
    public void PaymentCompletedCancelsTheDeadlineAndCompletes()
    {
        var step = OrderPaymentSaga.Handle(new OrderPaymentState("42", false), new PaymentCompleted("42"), At);
        Assert.Equal(["payment-due"], step.Cancel);
        Assert.True(step.Completed);
        Assert.True(step.State.Paid);
    }

    [Fact]
    public void PaymentDeadlineSendsTheCompensation()
    {
        var step = OrderPaymentSaga.OnDeadline(new OrderPaymentState("42", false), "payment-due", At);
        Assert.Equal(new CancelOrder("42", "payment not received in time", At), Assert.Single(step.Commands));
        Assert.True(step.Completed);
    }

    [Fact]
    public void EventsOfOtherAggregatesAreNotCorrelated() =>
        Assert.Null(OrderPaymentSaga.CorrelationOf(new OrderLineAdded("42", "a", 1, 1m)));
}
