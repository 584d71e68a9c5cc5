using System.Net.Http.Json;
using System.Text.Json;
using Shop.Deliveries;
using Shop.Orders;
using Shop.Orders.Projections;
using Shop.Payments;
using Shop.Tests.Infrastructure;
using Stormline.EventSourcing.Streams;
using Stormline.Hosting.ReadModels;
using Stormline.Hosting.Storage;

namespace Shop.Tests.Flow;

/// <summary>
/// Two replicas of every service on one PostgreSQL database per service, all started at once: schema set-up is
/// serialized, consumers share partitions, one relay and one runner per projection at a time, and the saga's
/// effects happen once — checked against the gateway's own ledger and a replay of each order's events.
/// </summary>
public sealed class ReplicaTests
{
    [Fact]
    public async Task Two_replicas_of_each_service_on_one_database_finish_every_order_once()
    {
        await using var postgres = await PostgresServer.Start();
        await using var system = await ShopSystem.Start(orders: false, payments: false, deliveries: false);
        var ledger = Path.Combine(Path.GetTempPath(), $"replica-ledger-{Guid.NewGuid():N}.db");
        var orders = await postgres.CreateSchema("orders");
        var payments = await postgres.CreateSchema("payments");
        var deliveries = await postgres.CreateSchema("deliveries");
        string[] Pg(string connection, string instance) => ["Store:Provider=postgres", $"Store:ConnectionString={connection}", $"Kafka:InstanceId={instance}"];

        // Every replica at once: their schema set-ups race unless serialized.
        var hosts = await Task.WhenAll(
            system.StartReplica(a => OrdersApp.Build(a), Pg(orders, "orders-0")),
            system.StartReplica(a => OrdersApp.Build(a), Pg(orders, "orders-1")),
            system.StartReplica(a => PaymentsApp.Build(a), [.. Pg(payments, "payments-0"), $"PaymentGateway:LedgerPath={ledger}", "PaymentGateway:Latency=00:00:00.001"]),
            system.StartReplica(a => PaymentsApp.Build(a), [.. Pg(payments, "payments-1"), $"PaymentGateway:LedgerPath={ledger}", "PaymentGateway:Latency=00:00:00.001"]),
            system.StartReplica(a => DeliveriesApp.Build(a), Pg(deliveries, "deliveries-0")),
            system.StartReplica(a => DeliveriesApp.Build(a), Pg(deliveries, "deliveries-1")));
        var (orders0, orders1, payments0) = (hosts[0], hosts[1], hosts[2]);

        var placed = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var api = new ShopApi(() => (i % 2 == 0 ? orders0 : orders1).Http, () => payments0.Http, () => hosts[4].Http);
            placed.Add(await api.PlaceOrder(ShopApi.NewCustomer("replica")));
        }

        var check = new ShopApi(() => orders1.Http, () => payments0.Http, () => hosts[5].Http);
        foreach (var orderId in placed) await check.WaitForOrder(orderId, "Shipped");

        var books = await payments0.Http.GetFromJsonAsync<JsonElement>("/gateway/ledger");
        var charges = books.GetProperty("charges");
        Assert.All(placed, id => Assert.Equal(1, charges.GetProperty(id).GetInt32()));

        // Each order's read model equals a fold of its events: no event was applied twice by the two projection runners.
        var summaries = orders0.Get<DocumentProjection<OrderSummary>>();
        var store = orders0.Get<ServiceStore>();
        await using var connection = await store.OpenRead(TestContext.Current.CancellationToken);
        foreach (var orderId in placed)
        {
            var replayed = await summaries.Replay(store.Store, StreamName.For<Shop.Orders.Domain.Order>(orderId), TestContext.Current.CancellationToken);
            var stored = await summaries.Read(connection, orderId, TestContext.Current.CancellationToken);
            Assert.Equal(JsonSerializer.Serialize(replayed, DocumentProjection<OrderSummary>.Json), JsonSerializer.Serialize(stored, DocumentProjection<OrderSummary>.Json));
        }

        foreach (var topic in new[] { "order-events.dlq", "payment-events.dlq", "delivery-events.dlq" })
            Assert.Empty(system.Kafka.ConsumeUntilIdle(topic, TimeSpan.FromMilliseconds(500)));
        File.Delete(ledger);
    }
}
