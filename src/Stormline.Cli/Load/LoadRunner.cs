using System.Diagnostics;

namespace Stormline.Cli.Load;

/// <summary>
/// Drives orders into a running shop at a fixed offered rate (open loop), cancels some right after creation, follows
/// every order's events on Kafka until each reaches its end, then runs the invariant checks.
/// </summary>
public sealed class LoadRunner(LoadOptions options, TextWriter output, bool interactive)
{
    /// <summary>Called once half the orders have been sent (tests kill a service there).</summary>
    public Func<Task>? AtHalfway { get; init; }

    public async Task<LoadResult> RunAsync(CancellationToken cancellationToken)
    {
        var traces = Plan();
        await using var tap = EventTap.Start(options.BootstrapServers, options.Clients, TimeSpan.FromSeconds(10));
        using var http = ShopClient.CreateHttp(options.MaxInFlight);
        var client = new ShopClient(http, options);
        var progress = new ProgressBar(output, traces.Count, interactive);
        var services = new[] { ("Orders", options.OrdersUrl), ("Payments", options.PaymentsUrl), ("Deliveries", options.DeliveriesUrl) };
        var cpuBefore = await ServiceCpu.ReadAsync(http, services, cancellationToken);
        var generatorBefore = Process.GetCurrentProcess().TotalProcessorTime;
        using var inFlight = new SemaphoreSlim(options.MaxInFlight);
        var clock = Stopwatch.StartNew();
        var started = DateTime.UtcNow;
        var requests = new List<Task>(traces.Count);
        var sent = 0;
        Task? halfway = null;
        var drawn = TimeSpan.Zero;

        while (sent < traces.Count)
        {
            // Everything due by now is sent; the loop sleeps ~1 ms between rounds, so high rates go out in small bursts.
            var due = Math.Min(traces.Count, (int)(clock.Elapsed.TotalSeconds * options.Rate) + 1);
            while (sent < due)
            {
                await inFlight.WaitAsync(cancellationToken);
                var trace = traces[sent++];
                requests.Add(SendAsync(trace, client, tap, inFlight, cancellationToken));
            }

            if (halfway is null && AtHalfway is not null && sent >= traces.Count / 2)
            {
                halfway = Task.Run(AtHalfway, cancellationToken);
            }

            // Counting done orders walks every trace: ten times a second is enough, and keeps the generator's own CPU low.
            if (clock.Elapsed - drawn > TimeSpan.FromMilliseconds(100))
            {
                drawn = clock.Elapsed;
                progress.Draw(sent, traces.Count(t => t.IsDone), traces.Count(t => t.Error is not null), clock.Elapsed);
            }

            await Task.Delay(1, cancellationToken);
        }

        var sendDuration = clock.Elapsed;
        await Task.WhenAll(requests);
        if (halfway is not null)
        {
            await halfway;
        }

        var settleUntil = DateTime.UtcNow + options.SettleTimeout;
        while (traces.Any(t => !t.IsDone) && DateTime.UtcNow < settleUntil)
        {
            progress.Draw(sent, traces.Count(t => t.IsDone), traces.Count(t => t.Error is not null), clock.Elapsed);
            await Task.Delay(50, cancellationToken);
        }

        progress.Draw(sent, traces.Count(t => t.IsDone), traces.Count(t => t.Error is not null), clock.Elapsed, final: true);
        var generatorCpu = Process.GetCurrentProcess().TotalProcessorTime - generatorBefore;
        var cpuAfter = await ServiceCpu.ReadAsync(http, services, cancellationToken);
        // A service restarted mid-run started its count again: its figure is unknown, not negative.
        var cpu = cpuBefore.Zip(cpuAfter, (b, a) => new ServiceCpu(b.Service, a.Seconds >= b.Seconds ? a.Seconds - b.Seconds : null)).ToList();
        output.WriteLine("Checking invariants ...");
        var invariants = await InvariantCheck.RunAsync(traces, client, options, TimeSpan.FromSeconds(30), cancellationToken);
        return new LoadResult(options, traces, started, sendDuration, invariants) { Cpu = cpu, GeneratorCpu = generatorCpu };
    }

    /// <summary>Which orders are declined and which cancelled: a seeded shuffle, so the mix is spread over the run and repeatable.</summary>
    private List<OrderTrace> Plan()
    {
        var random = new Random(options.Seed);
        var declined = (int)Math.Round(options.Orders * options.DeclinePercent / 100);
        var cancelled = (int)Math.Round(options.Orders * options.CancelPercent / 100);
        var kinds = Enumerable.Repeat(OrderKind.Declined, declined)
            .Concat(Enumerable.Repeat(OrderKind.Cancelled, cancelled))
            .Concat(Enumerable.Repeat(OrderKind.Normal, Math.Max(0, options.Orders - declined - cancelled)))
            .Take(options.Orders)
            .ToArray();
        random.Shuffle(kinds);
        return kinds.Select((kind, i) => new OrderTrace(i, kind)).ToList();
    }

    private static async Task SendAsync(OrderTrace trace, ShopClient client, EventTap tap, SemaphoreSlim inFlight, CancellationToken cancellationToken)
    {
        try
        {
            trace.SentAt = DateTime.UtcNow;
            var orderId = await client.CreateOrderAsync(trace, cancellationToken);
            trace.AcceptedAt = DateTime.UtcNow;
            trace.OrderId = orderId;
            tap.Follow(orderId, trace);
            if (trace.Kind == OrderKind.Cancelled)
            {
                trace.CancelStatus = await client.CancelAsync(orderId, cancellationToken);
                if (trace.CancelStatus is not (>= 200 and < 300) and not 409)
                {
                    trace.Error = $"POST /orders/{orderId}/cancel answered {trace.CancelStatus}";
                }
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or KeyNotFoundException)
        {
            trace.Error = ex.Message;
        }
        finally
        {
            inFlight.Release();
        }
    }
}
