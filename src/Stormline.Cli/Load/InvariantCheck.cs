using System.Collections.Concurrent;
using System.Text.Json;

namespace Stormline.Cli.Load;

/// <summary>
/// The end-of-run checks: every order in the state its kind demands (read through the services' HTTP APIs, polled
/// until the read models catch up or the deadline passes), no order charged or refunded more than once (the distinct
/// events on payment-events and the Payments read model), and each service's read model equal to a replay of its store.
/// </summary>
public static class InvariantCheck
{
    public static async Task<IReadOnlyList<InvariantResult>> RunAsync(IReadOnlyList<OrderTrace> traces, ShopClient client, LoadOptions options,
        TimeSpan deadline, CancellationToken cancellationToken)
    {
        var created = traces.Where(t => t.OrderId is not null).ToList();
        return
        [
            await States(created, client, options, deadline, cancellationToken),
            ChargedOnce(created),
            await PaymentsReadModel(created, client, options, cancellationToken),
            await ReadModelsMatchReplay(client, options, cancellationToken),
        ];
    }

    /// <summary>The statuses an order of this kind may end in.</summary>
    public static IReadOnlyList<string> Expected(OrderTrace trace) =>
        trace.Kind == OrderKind.Normal || trace.CancelStatus == 409 ? ["Shipped", "Delivered"] : ["Cancelled"];

    private static async Task<InvariantResult> States(List<OrderTrace> orders, ShopClient client, LoadOptions options, TimeSpan deadline,
        CancellationToken cancellationToken)
    {
        var wrong = new ConcurrentDictionary<string, string>();
        var pending = orders;
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            wrong.Clear();
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (trace, ct) =>
            {
                var status = await Status(client, options, trace.OrderId!, ct);
                if (!Expected(trace).Contains(status))
                {
                    wrong[trace.OrderId!] = $"{trace.OrderId} ({trace.Kind}) is {status}, expected {string.Join("/", Expected(trace))}";
                }
            });
            pending = orders.Where(o => wrong.ContainsKey(o.OrderId!)).ToList();
            if (pending.Count == 0 || DateTime.UtcNow > until)
            {
                break;
            }

            await Task.Delay(500, cancellationToken);
        }

        return new InvariantResult("every order in its expected state (GET /orders/{id})", orders.Count, [.. wrong.Values]);
    }

    private static async Task<string> Status(ShopClient client, LoadOptions options, string orderId, CancellationToken cancellationToken)
    {
        try
        {
            using var order = await client.GetAsync($"{options.OrdersUrl}/orders/{orderId}", cancellationToken);
            return order is null ? "missing (404)"
                : order.RootElement.TryGetProperty("status", out var status) ? status.ToString() : "without a status";
        }
        catch (HttpRequestException ex)
        {
            return $"unreadable ({ex.Message})";
        }
    }

    /// <summary>Kafka's view: at most one PaymentCompleted and one PaymentRefunded (distinct event ids) per order.</summary>
    private static InvariantResult ChargedOnce(List<OrderTrace> orders)
    {
        var violations = new List<string>();
        foreach (var trace in orders)
        {
            var charges = trace.DistinctCount("PaymentCompleted");
            var refunds = trace.DistinctCount("PaymentRefunded");
            if (charges > 1 || refunds > 1 || (trace.Kind == OrderKind.Declined && charges > 0))
            {
                violations.Add($"{trace.OrderId} ({trace.Kind}): {charges} PaymentCompleted, {refunds} PaymentRefunded");
            }
        }

        return new InvariantResult("charged at most once, refunded at most once (distinct events on payment-events)", orders.Count, violations);
    }

    /// <summary>The Payments read model (GET /payments/{orderId}) agrees: a paid order has exactly one payment that is not failed.</summary>
    private static async Task<InvariantResult> PaymentsReadModel(List<OrderTrace> orders, ShopClient client, LoadOptions options,
        CancellationToken cancellationToken)
    {
        var violations = new ConcurrentBag<string>();
        var paid = orders.Where(o => o.Kind == OrderKind.Normal).ToList();
        await Parallel.ForEachAsync(paid, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (trace, ct) =>
        {
            try
            {
                using var payment = await client.GetAsync($"{options.PaymentsUrl}/payments/{trace.OrderId}", ct);
                if (payment is null)
                {
                    violations.Add($"{trace.OrderId}: no payment (404)");
                }
                else if (PaymentProblem(payment.RootElement) is { } problem)
                {
                    violations.Add($"{trace.OrderId}: {problem}");
                }
            }
            catch (HttpRequestException ex)
            {
                violations.Add($"{trace.OrderId}: {ex.Message}");
            }
        });
        return new InvariantResult("one completed payment per paid order (GET /payments/{orderId})", paid.Count, [.. violations]);
    }

    /// <summary>What is wrong with a paid order's payment document, or null: several charges, or a status that is not a success.</summary>
    private static string? PaymentProblem(JsonElement payment)
    {
        foreach (var name in new[] { "charges", "chargeCount", "timesCharged", "captures" })
        {
            if (payment.TryGetProperty(name, out var count) && count.ValueKind == JsonValueKind.Number && count.GetInt32() != 1)
            {
                return $"{name} = {count.GetInt32()}";
            }
        }

        if (payment.TryGetProperty("status", out var status) && status.ToString() is "Failed" or "Declined")
        {
            return $"status {status}";
        }

        return null;
    }

    /// <summary>Each service's own comparison of its read models with a replay of its event store, if it offers one.</summary>
    private static async Task<InvariantResult> ReadModelsMatchReplay(ShopClient client, LoadOptions options, CancellationToken cancellationToken)
    {
        var violations = new List<string>();
        var missing = new List<string>();
        foreach (var url in new[] { options.OrdersUrl, options.PaymentsUrl, options.DeliveriesUrl })
        {
            try
            {
                using var verdict = await client.GetAsync($"{url}/admin/read-models/verify", cancellationToken);
                if (verdict is null)
                {
                    missing.Add(url);
                }
                else if (verdict.RootElement.TryGetProperty("matches", out var matches) && matches.ValueKind == JsonValueKind.False)
                {
                    violations.Add($"{url}: {verdict.RootElement}");
                }
            }
            catch (HttpRequestException ex)
            {
                violations.Add($"{url}: {ex.Message}");
            }
        }

        return new InvariantResult("read models equal a replay of each store", 3, violations,
            missing.Count > 0 ? $"{string.Join(", ", missing)} expose no /admin/read-models/verify" : null);
    }
}
