using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Avro.Generic;
using Avro.IO;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Stormline.Cli;
using Stormline.Cli.Load;
using Stormline.Cli.Schemas;
using Stormline.Cli.Up;
using Stormline.Messaging.Serialization;
using Stormline.Model.Generation;
using Stormline.Model.Parsing;
using AvroSchema = Avro.Schema;

namespace Shop.EndToEnd.Tests;

/// <summary>
/// Issue 14's evolution, live: while orders flow, <c>OrderCreated</c> gains an optional field (registered as version 2
/// by <c>stormline schema register</c>) and the Orders service is restarted onto it, so <c>order-events</c> holds
/// records of both versions. Two builds of a consumer read the topic side by side — the old one the whole time with
/// the version-1 reader schema (Apache Avro's resolution), the new one from the registration on with the latest
/// (Confluent's own Avro deserializer with <c>use.latest.version</c>) — and both read every record: the old build never sees the new field, the new build sees its default on old records.
/// Then a breaking change is refused by <c>stormline schema check</c> (exit 1, the field and the rule) and by the registry (409).
/// </summary>
public sealed class SchemaEvolutionTests
{
    private const string Topic = "order-events";
    private const string Subject = "order-events-shop.order.OrderCreated";
    private const string NewField = "giftMessage";
    private const string CouponLine = "          couponCode: { type: string?, label: 쿠폰 코드 }\n";

    [Fact]
    public async Task Consumers_of_version_1_and_version_2_read_every_record_of_both_while_OrderCreated_evolves_under_load()
    {
        var data = Repository.TempDirectory();
        var log = new TestOutput();
        try
        {
            await using var system = await ShopSystem.StartAsync(Repository.Options(data), Repository.Layout, log.Output,
                Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, TestContext.Current.CancellationToken);
            var shopModel = await File.ReadAllTextAsync(Repository.Layout.ShopModel);
            Assert.Contains(CouponLine, shopModel);
            var version2 = shopModel.Replace(CouponLine, CouponLine + $"          {NewField}: {{ type: string?, label: 선물 메시지 }}\n", StringComparison.Ordinal);

            using var registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = system.RegistryUrl });
            var readerV1 = AvroSchema.Parse((await registry.GetRegisteredSchemaAsync(Subject, 1)).SchemaString);
            using var stop = new CancellationTokenSource();
            var oldBuild = new Reader("v1 reader", system.BootstrapServers, (value, context) => DecodeWith(registry, readerV1, value));
            var readers = new List<Task> { oldBuild.RunAsync(stop.Token) };

            await RunLoadAsync(system, log);

            // Version 2 through the CLI's own path, while the consumers keep reading; then the producer is rolled onto it.
            var (exit, output, error) = await SchemaAsync(version2, system.RegistryUrl!, register: true);
            Assert.True(exit == ExitCodes.Ok, error);
            Assert.Matches(Subject.Replace(".", @"\.", StringComparison.Ordinal) + @"\s+2\s+\d+\s+registered", output);
            var v2Id = (await registry.GetRegisteredSchemaAsync(Subject, 2)).Id;
            var v1Id = (await registry.GetRegisteredSchemaAsync(Subject, 1)).Id;

            // The new build of the consumer is deployed now, beside the old one, and reads the topic from its start.
            using var newRegistry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = system.RegistryUrl });
            var latest = new AvroDeserializer<GenericRecord>(newRegistry, new AvroDeserializerConfig { UseLatestVersion = true, SubjectNameStrategy = SubjectNameStrategy.TopicRecord });
            var newBuild = new Reader("v2 reader", system.BootstrapServers, async (value, context) => await latest.DeserializeAsync(value, isNull: false, context));
            readers.Add(newBuild.RunAsync(stop.Token));
            Assert.True(await system.Process("Orders").StopAsync(TimeSpan.FromSeconds(20)));
            await system.StartServiceAsync("Orders", TestContext.Current.CancellationToken);

            await RunLoadAsync(system, log);

            var all = ReadAllOffsets(system.BootstrapServers);
            await Task.WhenAll(oldBuild.WaitUntilReadAsync(all), newBuild.WaitUntilReadAsync(all));
            await stop.CancelAsync();
            await Task.WhenAll(readers);

            // Nothing lost, nothing undecodable: each build read every record on the topic.
            Assert.Empty(oldBuild.Failures.Values);
            Assert.Empty(newBuild.Failures.Values);
            Assert.Equal(all.Order(), oldBuild.Records.Keys.Order());
            Assert.Equal(all.Order(), newBuild.Records.Keys.Order());

            var created = oldBuild.Records.Where(r => r.Value.Record.Schema.Name == "OrderCreated").ToList();
            var writtenV1 = created.Where(r => r.Value.WriterId == v1Id).Select(r => r.Key).ToList();
            var writtenV2 = created.Where(r => r.Value.WriterId == v2Id).Select(r => r.Key).ToList();
            Assert.True(writtenV1.Count > 0 && writtenV2.Count > 0, $"OrderCreated written with version 1: {writtenV1.Count}, with version 2: {writtenV2.Count}");
            Assert.Equal(created.Count, writtenV1.Count + writtenV2.Count);
            TestContext.Current.SendDiagnosticMessage($"order-events: {all.Count} records, read by both builds; OrderCreated written with version 1: {writtenV1.Count}, with version 2: {writtenV2.Count}");
            foreach (var (position, (_, record)) in created)
            {
                // The old build reads version-2 records as version 1: the field is not there at all.
                Assert.DoesNotContain(record.Schema.Fields, f => f.Name == NewField);
                var seenByNew = newBuild.Records[position].Record;
                Assert.True(seenByNew.TryGetValue(NewField, out var gift), $"the v2 reader has no {NewField} at {position}");
                Assert.Null(gift); // the default on version-1 records; the Orders service sets none on version-2 ones
                Assert.Equal((string)record["orderId"], (string)seenByNew["orderId"]);
                Assert.Equal((string)record["currency"], (string)seenByNew["currency"]);
            }
        }
        finally
        {
            log.Flush();
            Repository.Delete(data);
        }
    }

    [Fact]
    public async Task A_removed_required_field_and_a_changed_type_are_refused_by_schema_check_and_by_the_registry_with_409()
    {
        var data = Repository.TempDirectory();
        var log = new TestOutput();
        try
        {
            await using var system = await ShopSystem.StartAsync(Repository.Options(data) with { Services = [] }, Repository.Layout, log.Output,
                Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, TestContext.Current.CancellationToken);
            var shopModel = await File.ReadAllTextAsync(Repository.Layout.ShopModel);
            var url = system.RegistryUrl!;
            var compat = await SchemaCompatAsync(url, Subject, "FULL");
            Assert.True(compat.Exit == ExitCodes.Ok, compat.Error);

            var removed = shopModel.Replace("          currency: string\n", "", StringComparison.Ordinal);
            var retyped = shopModel.Replace("          userId: string\n", "          userId: int\n", StringComparison.Ordinal);
            Assert.NotEqual(shopModel, removed);
            Assert.NotEqual(shopModel, retyped);

            var (exit, output, error) = await SchemaAsync(removed, url, register: false);
            Assert.Equal(ExitCodes.Findings, exit);
            Assert.Matches(Subject.Replace(".", @"\.", StringComparison.Ordinal) + @"\s+1\s+FULL\s+BREAKING", output);
            Assert.Contains("READER_FIELD_MISSING_DEFAULT_VALUE", output);
            Assert.Contains("currency", output);
            Assert.Contains("would break", error);

            (exit, output, _) = await SchemaAsync(retyped, url, register: false);
            Assert.Equal(ExitCodes.Findings, exit);
            Assert.Contains("TYPE_MISMATCH", output);
            Assert.Contains("/fields/1/type", output); // userId, the second field
            Assert.Equal([1], await new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = url }).GetSubjectVersionsAsync(Subject));

            // The registry itself refuses them too, whoever registers.
            foreach (var model in new[] { removed, retyped })
            {
                var schema = EventSchemas.From(ModelParser.Parse(model, "shop.storm.yaml").Model!, SchemaFormat.Avro, SubjectStrategy.TopicRecord, out _).Single(s => s.Subject == Subject);
                using var http = new HttpClient();
                using var body = new StringContent(JsonSerializer.Serialize(new { schema = schema.Schema }), Encoding.UTF8);
                body.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.schemaregistry.v1+json");
                using var response = await http.PostAsync($"{url}/subjects/{Subject}/versions", body);
                var answer = await response.Content.ReadAsStringAsync();
                Assert.Equal(409, (int)response.StatusCode);
                Assert.Contains("is incompatible with an earlier schema", answer);
            }
        }
        finally
        {
            log.Flush();
            Repository.Delete(data);
        }
    }

    private static async Task RunLoadAsync(ShopSystem system, TestOutput log)
    {
        var load = ShopLoad.For(system, orders: 20, rate: 20, declinePercent: 10, cancelPercent: 10, settleSeconds: 90);
        var result = await new LoadRunner(load, log.Writer, interactive: false).RunAsync(TestContext.Current.CancellationToken);
        result.Print(log.Writer);
        Assert.True(result.Passed, "the orders did not all end as they must (see the load report above)");
    }

    private static async Task<(int Exit, string Output, string Error)> SchemaAsync(string model, string registryUrl, bool register)
    {
        var parsed = ModelParser.Parse(model, "shop.storm.yaml");
        Assert.True(parsed.Succeeded, string.Join("\n", parsed.Diagnostics));
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = await SchemaSync.RunAsync(parsed.Model!, SchemaFormat.Avro, SubjectStrategy.TopicRecord, registryUrl, register, output, error, TimeSpan.FromSeconds(30));
        return (exit, output.ToString(), error.ToString());
    }

    private static async Task<(int Exit, string Output, string Error)> SchemaCompatAsync(string registryUrl, string subject, string level)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = await SchemaCompat.RunAsync(registryUrl, subject, level, clear: false, output, error, TimeSpan.FromSeconds(30));
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Apache Avro's own resolution of the record's writer schema (fetched by its id) to <paramref name="reader"/>.</summary>
    private static async Task<GenericRecord> DecodeWith(ISchemaRegistryClient registry, AvroSchema reader, byte[] value)
    {
        if (!ConfluentWireFormat.TryUnframe(value, out var id, out _))
        {
            throw new FormatException("not in Confluent's wire format");
        }

        var writer = AvroSchema.Parse((await registry.GetSchemaAsync(id)).SchemaString);
        using var stream = new MemoryStream(value, ConfluentWireFormat.HeaderSize, value.Length - ConfluentWireFormat.HeaderSize, writable: false);
        // Only OrderCreated has two versions; every other event is read with its own (only) schema.
        var target = writer.Fullname == reader.Fullname ? reader : writer;
        return new GenericDatumReader<GenericRecord>(writer, target).Read(null!, new BinaryDecoder(stream));
    }

    /// <summary>Every (partition, offset) on the topic now, read by a plain consumer.</summary>
    private static List<(int Partition, long Offset)> ReadAllOffsets(string bootstrapServers)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "evolution-count" }).Build();
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var partitions = admin.GetMetadata(Topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Select(p => new TopicPartition(Topic, p.PartitionId));
        return [.. partitions.SelectMany(p =>
        {
            var marks = consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10));
            return Enumerable.Range((int)marks.Low.Value, (int)(marks.High.Value - marks.Low.Value)).Select(o => (p.Partition.Value, (long)o));
        })];
    }

    /// <summary>One build of a consumer: reads <c>order-events</c> from the start with its own decoder, keeping what it read and what it could not.</summary>
    private sealed class Reader(string name, string bootstrapServers, Func<byte[], SerializationContext, Task<GenericRecord>> decode)
    {
        public ConcurrentDictionary<(int Partition, long Offset), (int WriterId, GenericRecord Record)> Records { get; } = new();

        public ConcurrentDictionary<(int Partition, long Offset), string> Failures { get; } = new();

        public Task RunAsync(CancellationToken stop) => Task.Run(async () =>
        {
            using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
            {
                BootstrapServers = bootstrapServers,
                GroupId = $"evolution-{name.Replace(' ', '-')}-{Guid.NewGuid():N}",
                AutoOffsetReset = AutoOffsetReset.Earliest,
                EnableAutoCommit = false,
            }).Build();
            consumer.Subscribe(Topic);
            while (!stop.IsCancellationRequested)
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is not { } result)
                {
                    continue;
                }

                try
                {
                    ConfluentWireFormat.TryUnframe(result.Message.Value, out var id, out _);
                    var record = await decode(result.Message.Value, new SerializationContext(MessageComponentType.Value, result.Topic));
                    Records[(result.Partition.Value, result.Offset.Value)] = (id, record);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Failures[(result.Partition.Value, result.Offset.Value)] = $"{name} at {result.TopicPartitionOffset}: {e.Message}";
                }
            }

            consumer.Close();
        });

        public async Task WaitUntilReadAsync(IReadOnlyCollection<(int Partition, long Offset)> all)
        {
            for (var until = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < until; await Task.Delay(200))
            {
                if (all.All(p => Records.ContainsKey(p) || Failures.ContainsKey(p)))
                {
                    return;
                }
            }
        }
    }
}
