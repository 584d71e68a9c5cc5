using System.Text;
using Avro.Generic;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Newtonsoft.Json.Linq;
using Stormline.Cli.Load;
using Stormline.Cli.Schemas;
using Stormline.Cli.Up;
using Stormline.Messaging.Serialization;
using Stormline.Model.Generation;
using Stormline.Model.Parsing;

namespace Shop.EndToEnd.Tests;

/// <summary>
/// Issue 14's first check: after <c>stormline up</c>'s system takes orders, the registry lists a subject per event of
/// the model, every record on the shop's topics is in Confluent's wire format with the id of its event's registered
/// schema, and Confluent's own deserializers read every one (Avro by default, JSON Schema by one setting).
/// </summary>
public sealed class EventsThroughRegistryTests
{
    private static readonly string[] ShopTopics = ["order-events", "payment-events", "delivery-events"];

    [Fact]
    public Task Every_avro_record_is_framed_with_its_events_schema_id_and_read_by_confluents_avro_deserializer() =>
        RunAndCheck(SchemaFormat.Avro, async (registry, record) =>
        {
            var value = await new AvroDeserializer<GenericRecord>(registry)
                .DeserializeAsync(record.Message.Value, isNull: false, new SerializationContext(MessageComponentType.Value, record.Topic));
            Assert.Equal(EventType(record), value.Schema.Name);
            Assert.Equal(record.Message.Key, (string)value["orderId"]);
        });

    [Fact]
    public Task Every_json_record_is_framed_with_its_events_schema_id_and_read_by_confluents_json_deserializer() =>
        RunAndCheck(SchemaFormat.Json, async (registry, record) =>
        {
            // Confluent's deserializer fetches the writer schema by id and validates the payload against it.
            var value = await new JsonDeserializer<JObject>(registry)
                .DeserializeAsync(record.Message.Value, isNull: false, new SerializationContext(MessageComponentType.Value, record.Topic));
            Assert.Equal(record.Message.Key, (string?)value["orderId"]);
            ConfluentWireFormat.TryUnframe(record.Message.Value, out var id, out _);
            var schema = await NJsonSchema.JsonSchema.FromJsonAsync((await registry.GetSchemaAsync(id)).SchemaString);
            Assert.Empty(schema.Validate(value.ToString()));
        });

    private static async Task RunAndCheck(SchemaFormat format, Func<ISchemaRegistryClient, ConsumeResult<string, byte[]>, Task> readByConfluent)
    {
        var data = Repository.TempDirectory();
        var log = new TestOutput();
        try
        {
            await using var system = await ShopSystem.StartAsync(Repository.Options(data) with { SchemaFormat = format }, Repository.Layout, log.Output,
                Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, TestContext.Current.CancellationToken);
            var load = ShopLoad.For(system, orders: 30, rate: 30, declinePercent: 20, cancelPercent: 20, settleSeconds: 90);
            var result = await new LoadRunner(load, log.Writer, interactive: false).RunAsync(TestContext.Current.CancellationToken);
            result.Print(log.Writer);
            Assert.True(result.Passed, "the orders did not all end as they must (see the load report above)");

            using var registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = system.RegistryUrl });
            var model = ModelParser.ParseFile(Repository.Layout.ShopModel).Model!;
            var expected = EventSchemas.From(model, format, SubjectStrategy.TopicRecord, out _);
            Assert.Equal(expected.Select(s => s.Subject).Order(), (await registry.GetAllSubjectsAsync()).Order());
            var ids = new Dictionary<string, int>(); // event type → the id of its subject's latest schema
            foreach (var schema in expected)
            {
                var latest = await registry.GetLatestSchemaAsync(schema.Subject);
                Assert.Equal(format == SchemaFormat.Avro ? SchemaType.Avro : SchemaType.Json, latest.SchemaType);
                ids[schema.Event] = latest.Id;
            }

            var records = ReadAll(system.BootstrapServers);
            // The mix of orders wrote most kinds of event, not just the happy path's.
            Assert.Contains(records, r => EventType(r) == "PaymentFailed");
            Assert.Contains(records, r => EventType(r) == "OrderCancelled");
            Assert.Contains(records, r => EventType(r) == "DeliveryStarted");
            foreach (var record in records)
            {
                Assert.True(ConfluentWireFormat.TryUnframe(record.Message.Value, out var id, out _),
                    $"{EventType(record)} at {record.TopicPartitionOffset} does not start with magic byte 0");
                Assert.Equal(ids[EventType(record)], id);
                await readByConfluent(registry, record);
            }
        }
        finally
        {
            log.Flush();
            Repository.Delete(data);
        }
    }

    private static string EventType(ConsumeResult<string, byte[]> record) =>
        record.Message.Headers.TryGetLastBytes("event-type", out var type) ? Encoding.UTF8.GetString(type) : "(no event-type header)";

    /// <summary>Every record on the shop's topics, every partition from its start, as any Kafka client reads them.</summary>
    private static List<ConsumeResult<string, byte[]>> ReadAll(string bootstrapServers)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "registry-check-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            EnablePartitionEof = true,
        }).Build();
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var partitions = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Where(t => ShopTopics.Contains(t.Topic))
            .SelectMany(t => t.Partitions.Select(p => new TopicPartitionOffset(t.Topic, p.PartitionId, Offset.Beginning))).ToList();
        Assert.Equal(ShopTopics.Length, partitions.Select(p => p.Topic).Distinct().Count());
        consumer.Assign(partitions);
        var records = new List<ConsumeResult<string, byte[]>>();
        var atEnd = new HashSet<TopicPartition>();
        for (var until = DateTime.UtcNow.AddSeconds(30); atEnd.Count < partitions.Count && DateTime.UtcNow < until;)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is not { } result) continue;
            if (result.IsPartitionEOF) atEnd.Add(result.TopicPartition);
            else records.Add(result);
        }

        Assert.Equal(partitions.Count, atEnd.Count);
        return records;
    }
}
