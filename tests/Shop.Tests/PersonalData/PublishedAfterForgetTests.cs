using Avro.Generic;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Shop.Orders;
using Shop.Tests.Infrastructure;
using Stormline.EventSourcing.PersonalData;
using Stormline.Model.Generation;
using Stormline.Model.Parsing;
using Stormline.Testing;

namespace Shop.Tests.PersonalData;

/// <summary>
/// The registry keeps the model's personal-data tags (inline <c>confluent:tags</c> and <c>metadata.tags</c>) and gives
/// them back; an OrderCreated still in the outbox when its user is forgotten goes out with the address erased, and
/// Confluent's Avro deserializer reads it.
/// </summary>
public sealed class PublishedAfterForgetTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_message_published_after_forget_carries_the_erased_address_and_the_registry_keeps_the_tags()
    {
        var options = new StormlineKafkaOptions { UseEnvironment = false, WithSchemaRegistry = true };
        options.Topics.Add(new TopicSpec("order-events", 3));
        await using var kafka = await StormlineKafka.StartAsync(options);
        // No schema registered yet: Orders holds its events in the outbox until there is one.
        await using var orders = await ServiceHost.Start(a => OrdersApp.Build(a), kafka.BootstrapServers, $"SchemaRegistry:Url={kafka.SchemaRegistryUrl}");
        var forgotten = ShopApi.NewCustomer("gone");
        var kept = ShopApi.NewCustomer("kept");
        await ForgetTests.PlaceOrder(orders.Http, forgotten, "Kim Minji");
        await ForgetTests.PlaceOrder(orders.Http, kept, "Lee Jisoo");
        Assert.Empty(kafka.ConsumeUntilIdle("order-events", TimeSpan.FromMilliseconds(300)));

        var forget = await orders.Http.PostAsync("/stormline/personal-data/forget", ShopApi.Json($$"""{"subject": "{{forgotten}}"}"""), Ct);
        forget.EnsureSuccessStatusCode();

        // The generated schema with its tags inline, and in the metadata form a data-contract client registers.
        using var registry = kafka.CreateSchemaRegistryClient();
        var model = ModelParser.ParseFile(Path.Combine(RepoPaths.Root, "models", "shop.storm.yaml")).Model!;
        var created = EventSchemas.From(model, SchemaFormat.Avro, SubjectStrategy.TopicRecord, out _).Single(s => s.Event == "OrderCreated");
        using (var http = new HttpClient { BaseAddress = new Uri(kafka.SchemaRegistryUrl!) })
        {
            var body = new System.Text.Json.Nodes.JsonObject { ["schema"] = created.Schema, ["metadata"] = created.Metadata!.DeepClone() };
            var registered = await http.PostAsync($"/subjects/{created.Subject}/versions", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/vnd.schemaregistry.v1+json"), Ct);
            registered.EnsureSuccessStatusCode();
        }

        var latest = await registry.GetLatestSchemaAsync(created.Subject);
        Assert.Contains("\"confluent:tags\":[\"PII\",\"address\"]", latest.SchemaString.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(["PII", "address"], latest.Metadata.Tags["shop.order.OrderCreated.shippingAddress"].Order(StringComparer.Ordinal));

        var published = await Eventually.Get(() => Task.FromResult(kafka.ConsumeUntilIdle("order-events", TimeSpan.FromMilliseconds(300))), r => r.Count == 2,
            "both held OrderCreated to be published");
        var deserializer = new AvroDeserializer<GenericRecord>(registry);
        var addresses = new Dictionary<string, GenericRecord>();
        foreach (var record in published)
        {
            var value = await deserializer.DeserializeAsync(System.Text.Encoding.Latin1.GetBytes(record.Value!), false, new SerializationContext(MessageComponentType.Value, "order-events"));
            addresses[(string)value["userId"]] = (GenericRecord)value["shippingAddress"];
        }

        Assert.Equal(PersonalDataMap.ErasedText, addresses[forgotten]["recipient"]);
        Assert.Equal(PersonalDataMap.ErasedText, addresses[forgotten]["street"]);
        Assert.Null(addresses[forgotten]["phone"]);
        Assert.Equal("Lee Jisoo", addresses[kept]["recipient"]);
    }
}
