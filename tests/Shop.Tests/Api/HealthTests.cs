using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Shop.Orders;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.Api;

public sealed class HealthTests(FullShop shop)
{
    [Fact]
    public async Task Every_service_is_live_and_ready_with_store_and_kafka_checked()
    {
        foreach (var host in new[] { shop.System.Orders!, shop.System.Payments!, shop.System.Deliveries! })
        {
            var live = await host.Http.GetAsync("/health/live");
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);

            var ready = await host.Http.GetFromJsonAsync<JsonObject>("/health/ready");
            Assert.Equal("Healthy", (string?)ready!["status"]);
            Assert.Equal("Healthy", (string?)ready["checks"]!["store"]!["status"]);
            Assert.Equal("Healthy", (string?)ready["checks"]!["kafka"]!["status"]);
        }
    }

    [Fact]
    public async Task Service_without_a_reachable_broker_is_live_but_not_ready()
    {
        // Port 1: nothing listens there, so Kafka is unreachable while the store is fine.
        await using var orders = await ServiceHost.Start(a => OrdersApp.Build(a), "127.0.0.1:1");

        Assert.Equal(HttpStatusCode.OK, (await orders.Http.GetAsync("/health/live")).StatusCode);
        var ready = await orders.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = await ready.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("Unhealthy", (string?)body!["checks"]!["kafka"]!["status"]);
        Assert.Equal("Healthy", (string?)body["checks"]!["store"]!["status"]);
    }

    [Fact]
    public async Task OpenApi_document_and_Prometheus_metrics_are_served()
    {
        var openApi = await shop.System.Orders!.Http.GetStringAsync("/openapi/v1.json");
        Assert.Contains("\"/orders/{orderId}/cancel\"", openApi, StringComparison.Ordinal);
        Assert.Contains("\"/payments/{orderId}\"", await shop.System.Payments!.Http.GetStringAsync("/openapi/v1.json"), StringComparison.Ordinal);
        Assert.Contains("\"/deliveries/{orderId}/complete\"", await shop.System.Deliveries!.Http.GetStringAsync("/openapi/v1.json"), StringComparison.Ordinal);

        await shop.Api.PlaceOrder(ShopApi.NewCustomer());
        var metrics = await Eventually.Get(() => shop.System.Orders.Http.GetStringAsync("/metrics"),
            m => m.Contains("stormline_commands_handled_total", StringComparison.Ordinal) && m.Contains("stormline_events_appended_total", StringComparison.Ordinal)
                && m.Contains("stormline_outbox_oldest_age_seconds{", StringComparison.Ordinal) && m.Contains("stormline_outbox_parked{", StringComparison.Ordinal)
                && m.Contains("messaging_client_sent_messages_total{", StringComparison.Ordinal),
            "the Stormline.Hosting counters, the outbox age, parked rows and the messaging counters on /metrics");
        Assert.Contains("command=\"CreateOrder\"", metrics, StringComparison.Ordinal);
        Assert.Contains("messaging_destination_name=\"order-events\"", metrics, StringComparison.Ordinal);
    }
}
