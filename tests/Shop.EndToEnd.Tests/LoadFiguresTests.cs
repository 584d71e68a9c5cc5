using Stormline.Cli.Load;

namespace Shop.EndToEnd.Tests;

/// <summary>The figures <c>stormline load</c> reports: percentiles by nearest rank, and when an order counts as done.</summary>
public sealed class LoadFiguresTests
{
    [Fact]
    public void Percentiles_are_nearest_rank_over_the_samples()
    {
        var summary = LatencySummary.Of(Enumerable.Range(1, 200).Select(i => (double)i).Reverse());

        Assert.Equal(200, summary.Count);
        Assert.Equal(100, summary.P50);
        Assert.Equal(180, summary.P90);
        Assert.Equal(198, summary.P99);
        Assert.Equal(200, summary.Max);
        Assert.Equal(0, LatencySummary.Of([]).Count);
    }

    [Fact]
    public void An_order_is_done_at_its_kinds_end_event_and_redelivered_events_count_once()
    {
        var at = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var normal = new OrderTrace(0, OrderKind.Normal);
        normal.Record("PaymentCompleted", "e-1", at);
        normal.Record("PaymentCompleted", "e-1", at.AddSeconds(1));
        Assert.False(normal.IsDone);
        Assert.Equal(1, normal.DistinctCount("PaymentCompleted"));
        normal.Record("DeliveryStarted", "e-2", at.AddSeconds(2));
        Assert.True(normal.IsDone);
        Assert.Equal(at, normal.Seen("PaymentCompleted"));

        var lateCancel = new OrderTrace(1, OrderKind.Cancelled) { CancelStatus = 409 };
        Assert.Equal("DeliveryStarted", lateCancel.DoneEvent);
        Assert.Equal(["Shipped", "Delivered"], InvariantCheck.Expected(lateCancel));
        var declined = new OrderTrace(2, OrderKind.Declined);
        Assert.Equal("OrderCancelled", declined.DoneEvent);
        Assert.Equal(["Cancelled"], InvariantCheck.Expected(declined));
    }
}
