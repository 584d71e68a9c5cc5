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
    public void A_services_cpu_is_the_sum_of_its_cpu_time_samples_in_its_metrics()
    {
        const string metrics = """
            # TYPE process_cpu_time_seconds_total counter
            # HELP process_cpu_time_seconds_total CPU seconds used by the process since it started.
            process_cpu_time_seconds_total{otel_scope_name="Stormline.Hosting",cpu_mode="user"} 12.5 1796626313791
            process_cpu_time_seconds_total{otel_scope_name="Stormline.Hosting",cpu_mode="system"} 2.25 1796626313791
            process_cpu_time_seconds_totally_different 99
            """;

        Assert.Equal(14.75, ServiceCpu.Parse(metrics));
        Assert.Null(ServiceCpu.Parse("# nothing here\nstormline_commands_handled_total 3"));
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
