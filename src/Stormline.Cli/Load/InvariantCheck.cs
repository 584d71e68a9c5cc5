using System.Collections.Concurrent;
using System.Text.Json;

namespace Stormline.Cli.Load;

/// <summary>
/// The end-of-run checks, each read through the services' HTTP APIs and polled until the read models catch up or the
/// deadline passes: every order in the state its kind demands; nobody charged or refunded twice (distinct events on
/// payment-events, and the Payments read model); each service's read model equal to a replay of the events it published.
/// </summary>
public static class InvariantCheck
{
    public static async Task<IReadOnlyList<InvariantResult>> RunAsync(IReadOnlyList<OrderTrace> traces, ShopClient client, LoadOptions options,
        TimeSpan deadline, CancellationToken cancellationToken)
    {
        var created = traces.Where(t => t.OrderId is not null).ToList();
        var until = DateTime.UtcNow + deadline;
        return
        [
            await Eventually("every order in its expected state (GET /orders/{id})", created, until, async (trace, ct) =>
            {
                var (status, why) = await Status(client, $"{options.OrdersUrl}/orders/{trace.OrderId}", null, ct);
                return Expected(trace).Contains(status) ? null
                    : $"{trace.OrderId} ({trace.Kind}) is {status}{(why is null ? "" : $" ({why})")}, expected {string.Join("/", Expected(trace))}";
            }, cancellationToken),
            ChargedOnce(created),
            await ChargedOnceInTheGatewayLedger(client, created, options, cancellationToken),
            await Eventually("Orders read model = replay of order-events", created, until, (trace, ct) =>
                Compare(client, $"{options.OrdersUrl}/orders/{trace.OrderId}", null, ReadModelReplay.OrderStatus(trace.Sequence()), trace, ct), cancellationToken),
            await Eventually("Payments read model = replay of payment-events (a paid order: Completed, once)", created, until, (trace, ct) =>
                Compare(client, $"{options.PaymentsUrl}/payments/{trace.OrderId}", "payment", ReadModelReplay.PaymentStatus(trace.Sequence()), trace, ct), cancellationToken),
            await Eventually("Deliveries read model = replay of delivery-events", created, until, (trace, ct) =>
                Compare(client, $"{options.DeliveriesUrl}/deliveries/{trace.OrderId}", "delivery", ReadModelReplay.DeliveryStatus(trace.Sequence()), trace, ct), cancellationToken),
        ];
    }

    /// <summary>
    /// The statuses an order of this kind may end in. A cancellation that got no answer (Orders was down) may or may
    /// not have been taken, so either end is right for it.
    /// </summary>
    public static IReadOnlyList<string> Expected(OrderTrace trace) =>
        trace.Kind == OrderKind.Cancelled && trace.CancelStatus is null && trace.Error is not null ? ["Shipped", "Delivered", "Cancelled"]
        : trace.Kind == OrderKind.Normal || trace.CancelStatus == 409 ? ["Shipped", "Delivered"] : ["Cancelled"];

    /// <summary>Checks every order, then re-checks only the failing ones until none fail or the deadline passes.</summary>
    private static async Task<InvariantResult> Eventually(string name, List<OrderTrace> orders, DateTime until,
        Func<OrderTrace, CancellationToken, Task<string?>> problem, CancellationToken cancellationToken)
    {
        var failing = new ConcurrentDictionary<OrderTrace, string>();
        var pending = orders;
        while (true)
        {
            failing.Clear();
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (trace, ct) =>
            {
                if (await problem(trace, ct) is { } why)
                {
                    failing[trace] = why;
                }
            });
            pending = [.. failing.Keys];
            if (pending.Count == 0 || DateTime.UtcNow > until)
            {
                return new InvariantResult(name, orders.Count, [.. failing.Values]);
            }

            await Task.Delay(500, cancellationToken);
        }
    }

    /// <summary>The read model's status against the replay's; no events from that service means nothing to compare.</summary>
    private static async Task<string?> Compare(ShopClient client, string url, string? document, string? replayed, OrderTrace trace, CancellationToken cancellationToken)
    {
        if (replayed is null)
        {
            return null;
        }

        var (status, _) = await Status(client, url, document, cancellationToken);
        return status == replayed ? null : $"{trace.OrderId}: read model says {status}, its events say {replayed}";
    }

    /// <summary>
    /// The "status" of the resource (inside <paramref name="document"/> when given) and, for a cancelled order, its
    /// cancelDetail (e.g. the payment deadline passed); or a description of why there is no status.
    /// </summary>
    private static async Task<(string Status, string? Why)> Status(ShopClient client, string url, string? document, CancellationToken cancellationToken)
    {
        try
        {
            using var json = await client.GetAsync(url, cancellationToken);
            if (json is null)
            {
                return ("missing (404)", null);
            }

            var root = document is null ? json.RootElement : json.RootElement.TryGetProperty(document, out var inner) ? inner : default;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out var status))
            {
                return ("without a status", null);
            }

            var why = root.TryGetProperty("cancelDetail", out var detail) && detail.ValueKind == JsonValueKind.String ? detail.GetString() : null;
            return (status.ToString(), why);
        }
        catch (HttpRequestException ex)
        {
            return ($"unreadable ({ex.Message})", null);
        }
    }

    /// <summary>
    /// The payment gateway's view, from its own books (GET /gateway/ledger on Payments): each normal order charged
    /// exactly once, a declined one never, whatever crashes or redeliveries happened in between.
    /// </summary>
    private static async Task<InvariantResult> ChargedOnceInTheGatewayLedger(ShopClient client, List<OrderTrace> orders, LoadOptions options, CancellationToken cancellationToken)
    {
        const string Name = "charged once in the payment gateway's own ledger (GET /gateway/ledger)";
        Dictionary<string, int> charges;
        try
        {
            using var document = JsonDocument.Parse(await client.GetStringAsync($"{options.PaymentsUrl}/gateway/ledger", cancellationToken));
            charges = document.RootElement.GetProperty("charges").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32(), StringComparer.Ordinal);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException)
        {
            return new InvariantResult(Name, orders.Count, [$"the ledger could not be read: {e.Message}"]);
        }

        var violations = new List<string>();
        foreach (var trace in orders)
        {
            var charged = charges.GetValueOrDefault(trace.OrderId!);
            if (charged > 1 || (trace.Kind == OrderKind.Declined && charged > 0) || (trace.Kind == OrderKind.Normal && charged != 1))
                violations.Add($"{trace.OrderId} ({trace.Kind}): charged {charged} time(s) by the gateway");
        }
        return new InvariantResult(Name, orders.Count, violations);
    }

    /// <summary>Kafka's view: at most one PaymentCompleted and one PaymentRefunded (distinct event ids) per order, none for a declined one.</summary>
    private static InvariantResult ChargedOnce(List<OrderTrace> orders)
    {
        var violations = new List<string>();
        foreach (var trace in orders)
        {
            var charges = trace.DistinctCount("PaymentCompleted");
            var refunds = trace.DistinctCount("PaymentRefunded");
            if (charges > 1 || refunds > 1 || (trace.Kind == OrderKind.Declined && charges > 0) || (trace.Kind == OrderKind.Normal && charges != 1))
            {
                violations.Add($"{trace.OrderId} ({trace.Kind}): {charges} PaymentCompleted, {refunds} PaymentRefunded");
            }
        }

        return new InvariantResult("charged once, refunded at most once (distinct events on payment-events)", orders.Count, violations);
    }
}
