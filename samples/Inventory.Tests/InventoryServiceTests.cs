using System.Net.Http.Json;
using System.Text.Json;
using Stormline.Testing;

namespace Inventory.Tests;

/// <summary>The sample service as its users run it: on the embedded broker, its own SQLite store, real HTTP.</summary>
public sealed class InventoryServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_order_placed_reserves_stock_once_and_the_events_reach_kafka()
    {
        var options = new StormlineKafkaOptions();
        options.Topics.Add(new TopicSpec("order-events", 3));
        options.Topics.Add(new TopicSpec("order-events.dlq", 1));
        options.Topics.Add(new TopicSpec("inventory-events", 3));
        await using var kafka = await StormlineKafka.StartAsync(options, Ct);
        var data = Directory.CreateTempSubdirectory("inventory-");
        var app = await InventoryService.Build(["--Urls=http://127.0.0.1:0", $"--Kafka:BootstrapServers={kafka.BootstrapServers}", $"--Store:DataDir={data.FullName}"]);
        await app.StartAsync(Ct);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            (await http.PostAsync("/stock/apple?quantity=5", null, Ct)).EnsureSuccessStatusCode();

            var placed = new Dictionary<string, string> { ["event-type"] = "OrderPlaced", ["event-id"] = Guid.NewGuid().ToString() };
            const string Order = """{"orderId":"o-1","sku":"apple","quantity":2}""";
            await kafka.ProduceAsync("order-events", "o-1", Order, placed, Ct);
            await kafka.ProduceAsync("order-events", "o-1", Order, placed, Ct); // delivered twice: reserved once
            await kafka.ProduceAsync("order-events", "o-2", """{"orderId":"o-2","sku":"apple","quantity":9}""",
                new Dictionary<string, string> { ["event-type"] = "OrderPlaced", ["event-id"] = Guid.NewGuid().ToString() }, Ct);

            var published = new List<string>();
            for (var deadline = DateTime.UtcNow.AddSeconds(30); published.Count < 3 && DateTime.UtcNow < deadline;)
                published = [.. kafka.ConsumeUntilIdle("inventory-events", TimeSpan.FromSeconds(1)).Select(r => r.Header("event-type") ?? "")];

            Assert.Equal(["StockAdded", "StockReserved", "ReservationRejected"], published);
            var stock = await http.GetFromJsonAsync<JsonElement>("/stock/apple", Ct);
            Assert.Equal(3, stock.GetProperty("available").GetInt32());
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            data.Delete(recursive: true);
        }
    }
}
