using System.Net;
using Stormline.Hosting.Storage;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.Flow;

/// <summary>The same services on PostgreSQL (Store:Provider=postgres), one schema each, through the whole saga.</summary>
public sealed class PostgresStoreTests
{
    [Fact]
    public async Task Saga_runs_with_every_service_on_PostgreSQL()
    {
        await using var postgres = await PostgresServer.Start();
        await using var system = await ShopSystem.Start(orders: false, payments: false, deliveries: false);
        await system.StartOrders("Store:Provider=postgres", $"Store:ConnectionString={await postgres.CreateSchema("orders")}");
        await system.StartPayments("Store:Provider=postgres", $"Store:ConnectionString={await postgres.CreateSchema("payments")}");
        await system.StartDeliveries("Store:Provider=postgres", $"Store:ConnectionString={await postgres.CreateSchema("deliveries")}");
        Assert.StartsWith("PostgreSQL", system.Orders!.Get<ServiceStore>().Description, StringComparison.Ordinal);
        var api = new ShopApi(system);

        var orderId = await api.PlaceOrder(ShopApi.NewCustomer("pg"));
        await api.WaitForDelivery(orderId, "Started");
        Assert.Equal(HttpStatusCode.OK, (await api.Deliveries.PostAsync($"/deliveries/{orderId}/complete", null)).StatusCode);
        await api.WaitForOrder(orderId, "Delivered");
        var declined = await api.PlaceOrder(ShopApi.NewCustomer("decline"));
        await api.WaitForOrder(declined, "Cancelled");

        var page = await ShopApi.Read(api.Orders, "/orders?status=Delivered&pageSize=5");
        Assert.Equal(1, (int)page!["total"]!);
        Assert.Equal(orderId, (string?)page["items"]![0]!["orderId"]);
        Assert.Equal("Completed", ShopApi.Status(await api.Payment(orderId)));
    }
}
