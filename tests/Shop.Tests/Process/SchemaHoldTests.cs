using System.Net;
using System.Text.RegularExpressions;
using Confluent.SchemaRegistry;
using Shop.Tests.Infrastructure;
using Stormline.Messaging.Serialization;
using Stormline.Testing;

namespace Shop.Tests.Process;

/// <summary>
/// A service never registers schemas: Orders as its own process, pointed at an empty registry, keeps a new order's
/// OrderCreated in its outbox and says why (log, /health/ready, stormline_outbox_held on /metrics); once the model's
/// schemas are registered, the event goes out framed with its schema's id and the service is ready again.
/// </summary>
public sealed partial class SchemaHoldTests
{
    private const string Subject = Shop.Contracts.OrderCreated.AvroSubject;

    [Fact]
    public async Task An_event_without_a_registered_schema_waits_in_the_outbox_says_why_and_goes_out_once_registered()
    {
        var options = new StormlineKafkaOptions { UseEnvironment = false, WithSchemaRegistry = true };
        options.Topics.Add(new TopicSpec("order-events", 3));
        await using var kafka = await StormlineKafka.StartAsync(options);
        var dataDir = Path.Combine(Path.GetTempPath(), "shop-schema-hold-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var orders = ServiceProcess.Start("Shop.Orders", kafka.BootstrapServers, dataDir, settings: new Dictionary<string, string>
            {
                ["SchemaRegistry__Url"] = kafka.SchemaRegistryUrl!,
                ["Stormline__StuckThreshold"] = "00:00:01",
            });
            await orders.WaitUntilReady();
            var api = new ShopApi(() => orders.Http, () => throw new InvalidOperationException(), () => throw new InvalidOperationException());
            await api.PlaceOrder(ShopApi.NewCustomer());

            var ready = await Eventually.Get(() => orders.Http.GetAsync("/health/ready"), r => r.StatusCode == HttpStatusCode.ServiceUnavailable,
                "Orders to say it is not ready");
            Assert.Contains(Subject, await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            await Eventually.Get(async () => HeldMetric().Match(await orders.Http.GetStringAsync("/metrics")).Groups[1].Value, v => v == "1",
                "stormline_outbox_held to say 1");
            await Eventually.Get(() => Task.FromResult(orders.Output), o => o.Contains($"no usable schema under subject {Subject}", StringComparison.Ordinal),
                "the relay to log why it holds the event");
            Assert.Empty(kafka.ConsumeUntilIdle("order-events", TimeSpan.FromMilliseconds(500)));

            // What stormline schema register --format avro registers: the generated schema of every event, under its subject.
            using var registry = kafka.CreateSchemaRegistryClient();
            var ids = new Dictionary<string, int>();
            // (files are named <topic>-<Event>.avsc; the subject is <topic>-<namespace>.<Event>, TopicRecordNameStrategy's).
            foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Root, "services", "Shop.Contracts", "Generated", "schemas", "avro"), "*.avsc"))
            {
                var text = await File.ReadAllTextAsync(file);
                var record = System.Text.Json.Nodes.JsonNode.Parse(text)!;
                var name = (string)record["name"]!;
                var topic = Path.GetFileNameWithoutExtension(file)[..^(name.Length + 1)];
                var subject = $"{topic}-{(string)record["namespace"]!}.{name}";
                ids[subject] = await registry.RegisterSchemaAsync(subject, new Schema(text, SchemaType.Avro));
            }

            var published = await Eventually.Get(() => Task.FromResult(kafka.ConsumeUntilIdle("order-events", TimeSpan.FromMilliseconds(300))), r => r.Count > 0,
                "the held OrderCreated to be published");
            var value = System.Text.Encoding.Latin1.GetBytes(Assert.Single(published).Value!);
            Assert.True(ConfluentWireFormat.TryUnframe(value, out var id, out _));
            Assert.Equal(ids[Subject], id);
            await Eventually.Get(async () => (await orders.Http.GetAsync("/health/ready")).StatusCode, s => s == HttpStatusCode.OK, "Orders to be ready again");
            await Eventually.Get(async () => HeldMetric().Match(await orders.Http.GetStringAsync("/metrics")).Groups[1].Value, v => v == "0",
                "stormline_outbox_held to fall back to 0");
            await orders.Terminate();
        }
        finally
        {
            try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
        }
    }

    [GeneratedRegex("""stormline_outbox_held\{[^}]*service="orders"[^}]*\} (\d)""")]
    private static partial Regex HeldMetric();
}
