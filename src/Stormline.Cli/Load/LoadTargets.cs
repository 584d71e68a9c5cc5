namespace Stormline.Cli.Load;

/// <summary>
/// Stormline's runtime targets set against a run, each only where the run's offered rate makes it meaningful: the
/// saga's throughput (at least 3,000 orders/s offered), p99 under 100 ms at 1,000 orders/s or more, p50 under 20 ms
/// at 100 orders/s or less, and the services' CPU at most 0.6 ms per order.
/// </summary>
public static class LoadTargets
{
    public static void Print(LoadResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        var rate = result.Options.Rate;
        var latency = result.OrderToDeliveryStarted;
        var rows = new List<(string Target, string Measured, bool Met)>();
        if (rate >= 3000) rows.Add(("throughput >= 3,000 orders/s", $"{result.Throughput:0}/s", result.Throughput >= 3000));
        if (rate >= 1000 && latency.Count > 0) rows.Add(("p99 < 100 ms at >= 1,000/s offered", $"{latency.P99:0} ms", latency.P99 < 100));
        if (rate <= 100 && latency.Count > 0) rows.Add(("p50 < 20 ms at <= 100/s offered", $"{latency.P50:0.0} ms", latency.P50 < 20));
        if (result.CpuPerOrder is { } cpu) rows.Add(("services' CPU <= 0.6 ms per order", $"{cpu:0.00} ms", cpu <= 0.6));
        if (rows.Count == 0) return;

        writer.WriteLine("Targets:");
        foreach (var (target, measured, met) in rows)
            writer.WriteLine($"  {(met ? "met    " : "not met")}  {target,-36} {measured}");
    }
}
