using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Shop.Orders;
using Shop.Tests.Infrastructure;
using Stormline.Hosting.ReadModels;
using Stormline.Hosting.Storage;

namespace Shop.Tests.ReadModels;

/// <summary>
/// Rebuilding the Orders read model without downtime, on SQLite and on PostgreSQL with two replicas: orders keep
/// coming and queries keep answering 200 from the old version during the replay, the rebuilt version equals a fresh
/// replay, the old table is gone after the swap, and one replica did the replay.
/// </summary>
public sealed class ReadModelRebuildTests
{
    // Small, paced batches: the replay takes long enough for the queries and appends to overlap it.
    private static readonly string[] Paced = ["Stormline:RebuildBatchSize=20", "Stormline:RebuildPause=00:00:00.020"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rebuild_on_sqlite_replays_beside_the_live_version_and_swaps_it_in()
    {
        await using var system = await ShopSystem.Start(orders: false, payments: false, deliveries: false);
        await system.StartOrders(Paced);
        var orders = system.Orders!;
        var scenario = new RebuildScenario([orders]);
        await scenario.Seed(400);

        var done = await scenario.RebuildUnderTraffic(orders);

        Assert.Empty(scenario.Failures);
        Assert.True(scenario.QueriesWhileRebuilding > 0, "no query ran while the rebuild was replaying");
        Assert.Equal(2, (int)done["activeVersion"]!);
        Assert.NotNull(done["rebuiltAt"]);
        await scenario.AssertEqualsFreshReplay(orders);
        var store = orders.Get<ServiceStore>();
        Assert.False(await RebuildScenario.TableExists(store, "order_summaries"), "version 1's table should be dropped after the swap");
        Assert.True(await RebuildScenario.TableExists(store, "order_summaries_v2"));
        Assert.Null((await store.Store.GetCheckpoint("order_summaries:rebuild", Ct)).Position);
        Assert.True(orders.Get<ReadModelRebuilds>().EventsReplayed >= 400);
    }

    [Fact]
    public async Task A_rebuild_on_postgres_with_two_replicas_is_replayed_by_one_and_swapped_in_for_both()
    {
        await using var postgres = await PostgresServer.Start();
        await using var system = await ShopSystem.Start(orders: false, payments: false, deliveries: false);
        var schema = await postgres.CreateSchema("orders");
        string[] Pg(string instance) => ["Store:Provider=postgres", $"Store:ConnectionString={schema}", $"Kafka:InstanceId={instance}", .. Paced];
        var replicas = await Task.WhenAll(system.StartReplica(a => OrdersApp.Build(a), Pg("orders-0")), system.StartReplica(a => OrdersApp.Build(a), Pg("orders-1")));
        var scenario = new RebuildScenario(replicas);
        await scenario.Seed(300);

        var done = await scenario.RebuildUnderTraffic(replicas[1]);

        Assert.Empty(scenario.Failures);
        Assert.True(scenario.QueriesWhileRebuilding > 0, "no query ran while the rebuild was replaying");
        Assert.Equal(2, (int)done["activeVersion"]!);
        foreach (var replica in replicas) await scenario.AssertEqualsFreshReplay(replica);
        var store = replicas[0].Get<ServiceStore>();
        Assert.False(await RebuildScenario.TableExists(store, "order_summaries"), "version 1's table should be dropped after the swap");
        Assert.True(await RebuildScenario.TableExists(store, "order_summaries_v2"));

        // The replay ran under the projection's lease: one replica did all of it.
        var replayed = replicas.Select(r => r.Get<ReadModelRebuilds>().EventsReplayed).ToArray();
        Assert.Single(replayed, n => n > 0);
        Assert.True(replayed.Sum() >= 300, $"replayed {string.Join(" + ", replayed)}");

        // A second rebuild goes from version 2 to 3 the same way.
        var again = await scenario.RebuildUnderTraffic(replicas[0]);
        Assert.Equal(3, (int)again["activeVersion"]!);
        Assert.False(await RebuildScenario.TableExists(store, "order_summaries_v2"));
        Assert.Empty(scenario.Failures);
        foreach (var replica in replicas) await scenario.AssertEqualsFreshReplay(replica);
    }

    [Fact]
    public async Task A_rebuild_of_an_empty_log_swaps_in_an_empty_version()
    {
        await using var system = await ShopSystem.Start(orders: false, payments: false, deliveries: false);
        await system.StartOrders();
        var orders = system.Orders!;

        Assert.Equal(HttpStatusCode.Accepted, (await orders.Http.PostAsync(RebuildScenario.Path, null, Ct)).StatusCode);
        await Eventually.Get(() => orders.Http.GetFromJsonAsync<JsonObject>(RebuildScenario.Path, Ct),
            p => (string?)p!["state"] == "idle" && (int)p["activeVersion"]! == 2, "the empty version to be swapped in");

        var store = orders.Get<ServiceStore>();
        Assert.False(await RebuildScenario.TableExists(store, "order_summaries"));
        var page = (await orders.Http.GetFromJsonAsync<JsonObject>("/orders", Ct))!;
        Assert.Equal(0, (int)page["total"]!);
    }

    [Fact]
    public async Task Unknown_read_models_are_404_and_the_list_names_each_with_its_version()
    {
        await using var system = await ShopSystem.Start(orders: false, payments: false, deliveries: false);
        await system.StartOrders();
        var http = system.Orders!.Http;

        await ProblemAssert.Is(await http.PostAsync("/stormline/read-models/nope/rebuild", null, Ct), HttpStatusCode.NotFound, "order_summaries");
        await ProblemAssert.Is(await http.GetAsync("/stormline/read-models/nope/rebuild", Ct), HttpStatusCode.NotFound, "'nope'");

        var list = (await http.GetFromJsonAsync<JsonArray>("/stormline/read-models", Ct))!;
        var only = Assert.Single(list)!.AsObject();
        Assert.Equal("order_summaries", (string?)only["readModel"]);
        Assert.Equal("idle", (string?)only["state"]);
        Assert.Equal(1, (int)only["activeVersion"]!);
    }
}
