using System.Collections.Concurrent;
using System.Data.Common;
using Stormline.EventSourcing.Sagas;
using Stormline.EventSourcing.Tests.Fixtures;
using Stormline.EventSourcing.Tests.Sample;

namespace Stormline.EventSourcing.Tests.Conformance;

public abstract partial class EventStoreConformance
{
    private (SagaRunner<OrderPaymentSaga, OrderPaymentState> Runner, ManualClock Clock, ConcurrentQueue<object> Sent) PaymentSaga()
    {
        var clock = new ManualClock(At);
        var sent = new ConcurrentQueue<object>();
        Task Send(object command, DbTransaction tx, CancellationToken ct)
        {
            sent.Enqueue(command);
            return Task.CompletedTask;
        }
        return (new SagaRunner<OrderPaymentSaga, OrderPaymentState>(Store, Send) { Clock = clock, MaxAttempts = 50 }, clock, sent);
    }

    [Fact]
    public async Task ASagaDeadlineFiresItsCompensationWhenTheAwaitedEventNeverComes()
    {
        var (saga, clock, sent) = PaymentSaga();
        Assert.True(await saga.Handle(new OrderCreated("42", "alice", At), Ct));

        clock.Now = At + TimeSpan.FromMinutes(14);
        Assert.Equal(0, await saga.FireDueDeadlines(Ct));
        clock.Now = At + OrderPaymentSaga.PaymentWindow;
        Assert.Equal(1, await saga.FireDueDeadlines(Ct));

        Assert.Equal(new CancelOrder("42", "payment not received in time", clock.Now), Assert.Single(sent));
        Assert.True((await saga.Load("42", Ct)).Completed);
        Assert.Equal(0, await saga.FireDueDeadlines(Ct)); // fired once
        Assert.False(await saga.Handle(new PaymentCompleted("42"), Ct)); // too late: the saga is over
    }

    [Fact]
    public async Task TheAwaitedEventCancelsTheDeadline()
    {
        var (saga, clock, sent) = PaymentSaga();
        await saga.Handle(new OrderCreated("42", "alice", At), Ct);
        await saga.Handle(new PaymentCompleted("42"), Ct);

        clock.Now = At + TimeSpan.FromDays(1);
        Assert.Equal(0, await saga.FireDueDeadlines(Ct));
        Assert.Empty(sent);
        Assert.Equal((new OrderPaymentState("42", true), true), await saga.Load("42", Ct));
    }

    [Fact]
    public async Task SagaInstancesAreKeptApartByCorrelationIdAndIgnoreUnrelatedEvents()
    {
        var (saga, clock, sent) = PaymentSaga();
        await saga.Handle(new OrderCreated("1", "alice", At), Ct);
        await saga.Handle(new OrderCreated("2", "bob", At), Ct);
        await saga.Handle(new PaymentCompleted("1"), Ct);
        Assert.False(await saga.Handle(new OrderLineAdded("2", "a", 1, 1m), Ct));

        clock.Now = At + TimeSpan.FromHours(1);
        Assert.Equal(1, await saga.FireDueDeadlines(Ct));
        Assert.Equal("2", Assert.IsType<CancelOrder>(Assert.Single(sent)).OrderId);
    }

    [Fact]
    public async Task ConcurrentRunnersStepOneSagaWithoutLosingAnUpdate()
    {
        var (saga, clock, sent) = PaymentSaga();
        await saga.Handle(new OrderCreated("42", "alice", At), Ct);
        clock.Now = At + TimeSpan.FromHours(1);

        // A deadline and the payment race: exactly one of them completes the saga.
        var results = await Task.WhenAll(
            Task.Run(() => saga.FireDueDeadlines(Ct), Ct),
            Task.Run(async () => await saga.Handle(new PaymentCompleted("42"), Ct) ? 1 : 0, Ct));

        Assert.Equal(1, results.Sum());
        var (state, completed) = await saga.Load("42", Ct);
        Assert.True(completed);
        Assert.Equal(state.Paid, sent.IsEmpty);
    }
}
