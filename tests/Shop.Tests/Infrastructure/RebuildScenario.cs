using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shop.Orders.Domain;
using Shop.Orders.Projections;
using Stormline.EventSourcing.Streams;
using Stormline.Hosting.ReadModels;
using Stormline.Hosting.Storage;

namespace Shop.Tests.Infrastructure;

/// <summary>
/// A rebuild of the Orders read model under traffic: orders are placed and the read model queried on every replica
/// the whole time, and each answer is recorded, so a test can check that no query saw an error, an empty or a
/// shrinking model, and that the rebuilt version equals a fresh replay of the log.
/// </summary>
internal sealed class RebuildScenario(IReadOnlyList<ServiceHost> replicas)
{
    public const string Path = "/stormline/read-models/order_summaries/rebuild";

    private readonly ConcurrentBag<string> _placed = [];
    private readonly ConcurrentQueue<string> _failures = new();
    private int _queriesWhileRebuilding;
    private volatile bool _rebuilding;

    public IReadOnlyCollection<string> Placed => _placed;

    /// <summary>Queries answered while the progress said "rebuilding".</summary>
    public int QueriesWhileRebuilding => _queriesWhileRebuilding;

    public IReadOnlyCollection<string> Failures => _failures;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Places <paramref name="count"/> orders (every fifth cancelled) and waits until every replica's read model has them.</summary>
    public async Task Seed(int count)
    {
        for (var i = 0; i < count; i++) await Place(replicas[i % replicas.Count], cancel: i % 5 == 0);
        foreach (var replica in replicas)
            await Eventually.Get(() => Page(replica), p => (long)p!["total"]! == _placed.Count && (long)p["readModel"]!["lag"]! == 0, "the read model to catch up");
    }

    /// <summary>Requests the rebuild on <paramref name="via"/>, keeps placing and querying until it has swapped in, then returns the last progress.</summary>
    public async Task<JsonObject> RebuildUnderTraffic(ServiceHost via)
    {
        var floor = _placed.Count;
        var response = await via.Http.PostAsync(Path, null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(Path, response.Headers.Location?.ToString());
        var started = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal("rebuilding", (string?)started["state"]);
        var target = (int)started["targetVersion"]!;
        _rebuilding = true;

        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++) await Place(replicas[i % replicas.Count], cancel: i % 3 == 0);
        });
        var readers = replicas.Select(r => Task.Run(() => Query(r, floor, stop.Token))).ToArray();

        var second = await via.Http.PostAsync(Path, null, Ct);
        await ProblemAssert.Is(second, HttpStatusCode.Conflict, "already running");

        var last = await Eventually.Get(async () =>
        {
            var progress = (await via.Http.GetFromJsonAsync<JsonObject>(Path, Ct))!;
            _rebuilding = (string?)progress["state"] == "rebuilding";
            return progress;
        }, p => (string?)p["state"] == "idle" && (int)p["activeVersion"]! == target, "the rebuilt version to be swapped in", TimeSpan.FromMinutes(3));

        await Task.Delay(300, Ct); // a few more queries against the new version
        await stop.CancelAsync();
        await writer;
        await Task.WhenAll(readers);
        foreach (var replica in replicas)
            await Eventually.Get(() => Page(replica), p => (long)p!["total"]! == _placed.Count && (long)p["readModel"]!["lag"]! == 0, "the rebuilt read model to catch up");
        return last;
    }

    /// <summary>Every order in the rebuilt version reads as a replay of its stream; the version has no other rows.</summary>
    public async Task AssertEqualsFreshReplay(ServiceHost replica)
    {
        var summaries = replica.Get<DocumentProjection<OrderSummary>>();
        var store = replica.Get<ServiceStore>();
        await using var connection = await store.OpenRead(Ct);
        foreach (var orderId in _placed)
        {
            // Eventually: the payment-deadline saga may cancel an order on its own timer just now.
            await Eventually.Get(async () =>
            {
                var replayed = await summaries.Replay(store.Store, StreamName.For<Order>(orderId), Ct);
                var stored = await summaries.Read(connection, orderId, Ct);
                return (Replayed: JsonSerializer.Serialize(replayed, DocumentProjection<OrderSummary>.Json), Stored: JsonSerializer.Serialize(stored, DocumentProjection<OrderSummary>.Json));
            }, pair => pair.Replayed == pair.Stored, $"order {orderId} in the read model to equal its replay", TimeSpan.FromSeconds(20));
        }
        var (_, total) = await summaries.Page(connection, null, null, 1, 1, Ct);
        Assert.Equal(_placed.Count, total);
    }

    /// <summary>Whether the store has a table of that name (SQLite or the PostgreSQL schema on the search path).</summary>
    public static async Task<bool> TableExists(ServiceStore store, string table)
    {
        await using var connection = await store.OpenRead(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = store.Shared
            ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @name"
            : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @name";
        var name = command.CreateParameter();
        name.ParameterName = "@name";
        name.Value = table;
        command.Parameters.Add(name);
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    private async Task Place(ServiceHost replica, bool cancel)
    {
        var api = new ShopApi(() => replica.Http, () => throw new InvalidOperationException("no payments here"), () => throw new InvalidOperationException("no deliveries here"));
        var orderId = await api.PlaceOrder(ShopApi.NewCustomer("rebuild"));
        if (cancel)
        {
            var response = await replica.Http.PostAsync($"/orders/{orderId}/cancel", null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        _placed.Add(orderId);
    }

    /// <summary>Lists and reads orders until stopped; any error, a total below what was there before, or an order not from the read model is a failure.</summary>
    private async Task Query(ServiceHost replica, int floor, CancellationToken stop)
    {
        var seen = floor;
        var known = _placed.Take(50).ToArray();
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var list = await replica.Http.GetAsync("/orders?pageSize=50", CancellationToken.None);
            if (list.StatusCode != HttpStatusCode.OK)
            {
                _failures.Enqueue($"GET /orders answered {(int)list.StatusCode}: {await list.Content.ReadAsStringAsync(CancellationToken.None)}");
                continue;
            }
            var total = (int)(long)(await list.Content.ReadFromJsonAsync<JsonObject>(CancellationToken.None))!["total"]!;
            if (total < seen) _failures.Enqueue($"GET /orders total went from {seen} down to {total}");
            seen = Math.Max(seen, total);

            var orderId = known[i % known.Length];
            var one = await replica.Http.GetAsync($"/orders/{orderId}", CancellationToken.None);
            var body = one.StatusCode == HttpStatusCode.OK ? await one.Content.ReadFromJsonAsync<JsonObject>(CancellationToken.None) : null;
            if ((string?)body?["readModel"]?["source"] != "readModel")
                _failures.Enqueue($"GET /orders/{orderId} answered {(int)one.StatusCode} from {body?["readModel"]?["source"]}");
            if (_rebuilding) Interlocked.Increment(ref _queriesWhileRebuilding);
        }
    }

    private static Task<JsonObject?> Page(ServiceHost replica) => ShopApi.Read(replica.Http, "/orders?pageSize=1");
}
