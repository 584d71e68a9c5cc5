using System.Text;
using System.Text.Json.Nodes;
using Avro;
using Avro.Generic;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Microsoft.Playwright;
using Stormline.Testing;

namespace Stormline.OpsConsole.Tests;

/// <summary>
/// Fields tagged PII, in the registry's schemas (inline confluent:tags and metadata.tags) or by the model's pii marks,
/// are masked in values, and their values scrubbed from keys, headers and dead-letter error text, in the API and the pages.
/// </summary>
public sealed class PersonalDataMaskTests(ConsoleFixture fixture)
{
    private const string Topic = "customer-events";
    private const string DeadLetters = "customer-events.dlq";
    private const string JsonTopic = "shop-json-events";
    private const string Email = "minji@example.com";
    private const string Street = "1 Secret Road";
    private const string Note = "leave it with Mr Park";
    private const string Phone = "010-555-0101";

    private const string Schema = """
        {"type":"record","name":"CustomerRegistered","namespace":"shop.customer","fields":[
          {"name":"customerId","type":"string"},
          {"name":"email","type":"string","confluent:tags":["PII","contact"]},
          {"name":"address","type":{"type":"record","name":"Address","fields":[
            {"name":"street","type":"string","confluent:tags":["PII"]},{"name":"city","type":"string"}]}},
          {"name":"notes","type":{"type":"array","items":{"type":"record","name":"Note","fields":[
            {"name":"text","type":["null","string"],"default":null,"confluent:tags":["PII"]}]}}},
          {"name":"phone","type":["null","string"],"default":null}]}
        """;

    private static readonly SemaphoreSlim Seeded = new(1, 1);
    private static bool _seeded;

    private async Task SeedAsync()
    {
        await Seeded.WaitAsync();
        try
        {
            if (_seeded) return;
            await fixture.Kafka.CreateTopicsAsync([new TopicSpec(Topic, 1), new TopicSpec(DeadLetters, 1), new TopicSpec(JsonTopic, 1)]);
            using (var http = new HttpClient { BaseAddress = new Uri(fixture.Kafka.SchemaRegistryUrl!) })
            {
                // The phone is tagged by the register request's metadata only (EventSchema.Metadata's form).
                var body = new JsonObject { ["schema"] = Schema, ["metadata"] = new JsonObject { ["tags"] = new JsonObject { ["shop.customer.CustomerRegistered.phone"] = new JsonArray("PII") } } };
                (await http.PostAsync($"/subjects/{Topic}-shop.customer.CustomerRegistered/versions",
                    new StringContent(body.ToJsonString(), Encoding.UTF8, "application/vnd.schemaregistry.v1+json"))).EnsureSuccessStatusCode();
            }

            using var registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = fixture.Kafka.SchemaRegistryUrl });
            var schema = (RecordSchema)Avro.Schema.Parse(Schema);
            var address = new GenericRecord((RecordSchema)schema["address"].Schema);
            address.Add("street", Street);
            address.Add("city", "Seoul");
            var note = new GenericRecord((RecordSchema)((ArraySchema)schema["notes"].Schema).ItemSchema);
            note.Add("text", Note);
            var record = new GenericRecord(schema);
            record.Add("customerId", "customer-42");
            record.Add("email", Email);
            record.Add("address", address);
            record.Add("notes", new object[] { note });
            record.Add("phone", Phone);
            var serializer = new AvroSerializer<GenericRecord>(registry, new AvroSerializerConfig
            {
                SubjectNameStrategy = SubjectNameStrategy.TopicRecord, AutoRegisterSchemas = false, UseLatestVersion = true,
            });
            var value = await serializer.SerializeAsync(record, new SerializationContext(MessageComponentType.Value, Topic));

            using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = fixture.Kafka.BootstrapServers }).Build();
            await producer.ProduceAsync(Topic, new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes(Email), Value = value,
                Headers = new Headers { { "event-type", ConsoleFixture.Json("CustomerRegistered") }, { "reply-to", ConsoleFixture.Json(Email) } },
            });
            await producer.ProduceAsync(DeadLetters, new Message<byte[], byte[]>
            {
                Key = ConsoleFixture.Json("customer-42"), Value = value,
                Headers = new Headers
                {
                    { "event-type", ConsoleFixture.Json("CustomerRegistered") },
                    { "dlq-error", ConsoleFixture.Json($"cannot deliver to {Street} for {Email}") },
                    { "dlq-exception-type", ConsoleFixture.Json("System.InvalidOperationException") },
                    { "dlq-original-topic", ConsoleFixture.Json(Topic) },
                    { "dlq-original-partition", ConsoleFixture.Json("0") },
                    { "dlq-original-offset", ConsoleFixture.Json("0") },
                },
            });
            // Plain JSON, no registry: the shop model's pii mark (OrderCreated.shippingAddress) is the tag.
            await producer.ProduceAsync(JsonTopic, new Message<byte[], byte[]>
            {
                Key = ConsoleFixture.Json("order-pii-1"),
                Value = ConsoleFixture.Json($$$"""{"orderId":"order-pii-1","userId":"u-1","shippingAddress":{"recipient":"Kim Minji","street":"{{{Street}}}","city":"Seoul"}}"""),
                Headers = new Headers { { "event-type", ConsoleFixture.Json("OrderCreated") } },
            });
            _seeded = true;
        }
        finally
        {
            Seeded.Release();
        }
    }

    [Fact]
    public async Task Tagged_fields_are_masked_in_values_keys_headers_and_dead_letter_errors()
    {
        await SeedAsync();
        using var http = new HttpClient { BaseAddress = new Uri(fixture.Console.Url) };

        var text = await http.GetStringAsync($"api/topics/{Topic}/messages");
        foreach (var secret in new[] { Email, Street, Note, Phone }) Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        var message = JsonNode.Parse(text)!["messages"]![0]!;
        var value = message["value"]!["json"]!;
        Assert.Equal("***", (string?)value["email"]);
        Assert.Equal("***", (string?)value["address"]!["street"]);
        Assert.Equal("Seoul", (string?)value["address"]!["city"]); // untagged: shown
        Assert.Equal("***", (string?)value["notes"]![0]!["text"]);
        Assert.Equal("***", (string?)value["phone"]); // tagged by metadata.tags
        Assert.Equal("customer-42", (string?)value["customerId"]);
        Assert.Equal("***", (string?)message["key"]);
        Assert.Equal("***", (string?)message["headers"]!.AsArray().Single(h => (string?)h!["name"] == "reply-to")!["value"]);

        var letters = await http.GetStringAsync("api/deadletters");
        Assert.DoesNotContain(Email, letters, StringComparison.Ordinal);
        Assert.DoesNotContain(Street, letters, StringComparison.Ordinal);
        var letter = JsonNode.Parse(letters)!.AsArray().Single(l => (string?)l!["message"]!["topic"] == DeadLetters)!;
        Assert.Equal("cannot deliver to *** for ***", (string?)letter["error"]);

        var json = JsonNode.Parse(await http.GetStringAsync($"api/topics/{JsonTopic}/messages"))!["messages"]![0]!["value"]!["json"]!;
        Assert.Equal("***", (string?)json["shippingAddress"]);
        Assert.Equal("u-1", (string?)json["userId"]);
    }

    [Fact]
    public async Task Without_masked_tags_the_same_fields_are_shown()
    {
        await SeedAsync();
        var options = fixture.Options();
        options.MaskedTags.Clear();
        await using var host = await ConsoleHost.StartAsync(options);
        using var http = new HttpClient { BaseAddress = new Uri(host.Url) };

        var value = JsonNode.Parse(await http.GetStringAsync($"api/topics/{Topic}/messages"))!["messages"]![0]!["value"]!["json"]!;
        Assert.Equal(Email, (string?)value["email"]);
        Assert.Equal(Street, (string?)value["address"]!["street"]);
    }

    [Fact]
    public async Task The_topic_and_dead_letter_pages_show_tagged_fields_masked()
    {
        await SeedAsync();
        var (page, errors) = await fixture.OpenAsync(fixture.Console, $"#/topics/{Topic}");
        var messages = page.Locator("[data-testid=messages] table");
        await messages.WaitForAsync();
        await Assertions.Expect(messages).ToContainTextAsync("customer-42");
        await Assertions.Expect(messages).ToContainTextAsync("***");
        Assert.DoesNotContain(Email, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(Street, await page.ContentAsync(), StringComparison.Ordinal);

        await page.GotoAsync(fixture.Console.Url + "#/deadletters");
        var row = page.Locator("tbody tr", new() { HasText = "cannot deliver to" });
        await Assertions.Expect(row).ToContainTextAsync("cannot deliver to *** for ***");
        Assert.DoesNotContain(Email, await page.ContentAsync(), StringComparison.Ordinal);
        await ConsoleFixture.ScreenshotAsync(page, "personal-data-masked");
        Assert.Empty(errors);
        await page.CloseAsync();
    }
}
