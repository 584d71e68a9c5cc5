using System.Net.Http.Json;
using System.Text.Json;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.Flow;

/// <summary>
/// The database goes away in the middle of the saga: every consumer, the relays and the projections wait and retry
/// (a store outage is transient), nothing is dead-lettered, and every order finishes once it is back.
/// </summary>
public sealed class StoreOutageTests
{
    [Fact]
    public async Task PostgreSQL_stopped_for_five_seconds_mid_saga_dead_letters_nothing_and_every_order_finishes()
    {
        await using var postgres = await PostgresServer.Start();
        await using var system = await ShopSystem.Start(orders: false, payments: false, deliveries: false);
        await system.StartOrders("Store:Provider=postgres", $"Store:ConnectionString={await postgres.CreateSchema("orders")}");
        await system.StartPayments("Store:Provider=postgres", $"Store:ConnectionString={await postgres.CreateSchema("payments")}");
        await system.StartDeliveries("Store:Provider=postgres", $"Store:ConnectionString={await postgres.CreateSchema("deliveries")}");
        var api = new ShopApi(system);

        var placed = new List<string>();
        for (var i = 0; i < 30; i++) placed.Add(await api.PlaceOrder(ShopApi.NewCustomer("outage")));
        await postgres.Outage(TimeSpan.FromSeconds(5)); // while most of those orders are still on their way

        foreach (var orderId in placed) await api.WaitForOrder(orderId, "Shipped");
        var books = await api.Payments.GetFromJsonAsync<JsonElement>("/gateway/ledger");
        Assert.All(placed, id => Assert.Equal(1, books.GetProperty("charges").GetProperty(id).GetInt32()));
        foreach (var topic in new[] { "order-events.dlq", "payment-events.dlq", "delivery-events.dlq" })
            Assert.Empty(system.Kafka.ConsumeUntilIdle(topic, TimeSpan.FromMilliseconds(500)));
    }
}
