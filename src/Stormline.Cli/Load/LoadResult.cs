namespace Stormline.Cli.Load;

/// <summary>A finished run: every order's trace, the derived figures and the invariant verdicts.</summary>
public sealed record LoadResult(LoadOptions Options, IReadOnlyList<OrderTrace> Traces, DateTime Started, TimeSpan SendDuration,
    IReadOnlyList<InvariantResult> Invariants)
{
    public int Errors => Traces.Count(t => t.Error is not null);

    /// <summary>Each service's CPU seconds over the run (send and settle), from its /metrics; null seconds when unreadable.</summary>
    public IReadOnlyList<ServiceCpu> Cpu { get; init; } = [];

    /// <summary>
    /// This generator's own CPU over the same window (POSTs, the event tap): on one machine it shares the cores with the
    /// system under test, so it is shown beside the services' figure, not in it.
    /// </summary>
    public TimeSpan? GeneratorCpu { get; init; }

    /// <summary>The services' CPU per order in milliseconds, when every service reported.</summary>
    public double? CpuPerOrder => Cpu.Count > 0 && Cpu.All(c => c.Seconds is not null) && Traces.Count > 0
        ? Cpu.Sum(c => c.Seconds!.Value) * 1000 / Traces.Count
        : null;

    public int Unfinished => Traces.Count(t => t.Error is null && !t.IsDone);

    /// <summary>Every order created, ended as its kind demands, and every invariant held.</summary>
    public bool Passed => Errors == 0 && Unfinished == 0 && Invariants.All(i => i.Holds);

    /// <summary>Orders that reached their end, per second from the first send to the last end.</summary>
    public double Throughput
    {
        get
        {
            var ends = Traces.Select(t => t.Seen(t.DoneEvent)).OfType<DateTime>().ToList();
            return ends.Count == 0 ? 0 : ends.Count / Math.Max(0.001, (ends.Max() - Started).TotalSeconds);
        }
    }

    /// <summary>The headline latency, over orders meant to ship (a cancelled order's delivery may start and be cancelled).</summary>
    public LatencySummary OrderToDeliveryStarted => Between(null, "DeliveryStarted", OrderKind.Normal);

    /// <summary>From the POST (when <paramref name="from"/> is null) or one event's Kafka timestamp to another's, over orders that saw both.</summary>
    public LatencySummary Between(string? from, string to, OrderKind? kind = null) => LatencySummary.Of(Traces
        .Where(t => kind is null || t.Kind == kind)
        .Select(t => (Start: from is null ? t.SentAt : t.Seen(from), End: t.Seen(to)))
        .Where(p => p.Start is not null && p.End is not null && p.Start != default)
        .Select(p => (p.End!.Value - p.Start!.Value).TotalMilliseconds));

    public LatencySummary HttpCreate => LatencySummary.Of(Traces.Where(t => t.OrderId is not null).Select(t => (t.AcceptedAt - t.SentAt).TotalMilliseconds));

    public void Print(TextWriter writer)
    {
        var kinds = Traces.GroupBy(t => t.Kind).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
        writer.WriteLine();
        writer.WriteLine($"Orders:      {Traces.Count} ({string.Join(", ", kinds)}); offered {Options.Rate:0}/s, sent in {SendDuration.TotalSeconds:0.0} s "
            + $"({Traces.Count / Math.Max(0.001, SendDuration.TotalSeconds):0}/s)");
        writer.WriteLine($"Completed:   {Traces.Count(t => t.IsDone && t.Error is null)}; errors {Errors}; unfinished after {Options.SettleTimeout.TotalSeconds:0} s: {Unfinished}");
        writer.WriteLine($"Throughput:  {Throughput:0} orders/s through the saga (first POST to last end event)");
        writer.WriteLine($"Latency, order -> DeliveryStarted:   {OrderToDeliveryStarted}");
        writer.WriteLine("Stages (Kafka timestamps of each event):");
        writer.WriteLine($"  POST /orders -> 201                {HttpCreate}");
        writer.WriteLine($"  POST -> OrderCreated on Kafka      {Between(null, "OrderCreated")}");
        writer.WriteLine($"  OrderCreated -> PaymentCompleted   {Between("OrderCreated", "PaymentCompleted")}");
        writer.WriteLine($"  PaymentCompleted -> DeliveryStarted {Between("PaymentCompleted", "DeliveryStarted")}");
        writer.WriteLine($"  PaymentCompleted -> OrderPaid      {Between("PaymentCompleted", "OrderPaid")}");
        writer.WriteLine($"  DeliveryStarted -> OrderShipped    {Between("DeliveryStarted", "OrderShipped")}");
        writer.WriteLine($"  OrderCreated -> PaymentFailed      {Between("OrderCreated", "PaymentFailed")}");
        writer.WriteLine($"  PaymentFailed -> OrderCancelled    {Between("PaymentFailed", "OrderCancelled")}");
        if (Cpu.Count > 0)
        {
            writer.WriteLine($"CPU per order (each service's process_cpu_time_seconds_total): {string.Join(", ", Cpu.Select(c => $"{c.Service} {(c.Seconds is { } s ? $"{s * 1000 / Math.Max(1, Traces.Count):0.00} ms" : "n/a")}"))}"
                + (CpuPerOrder is { } total ? $"; services {total:0.00} ms" : "")
                + (GeneratorCpu is { } own ? $" (this load generator {own.TotalMilliseconds / Math.Max(1, Traces.Count):0.00} ms, not counted)" : ""));
        }

        LoadTargets.Print(this, writer);
        writer.WriteLine("Invariants:");
        foreach (var invariant in Invariants)
        {
            writer.WriteLine(invariant.ToString());
        }

        foreach (var error in Traces.Where(t => t.Error is not null).Select(t => t.Error!).Distinct().Take(5))
        {
            writer.WriteLine($"  error: {error}");
        }

        writer.WriteLine(Passed ? "Result: PASS" : "Result: FAIL");
    }
}
