using System.Text.Json.Nodes;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Registry.Tests.Infrastructure;

namespace Stormline.Registry.Tests.Storage;

/// <summary>The registry's state in a Kafka topic of the embedded broker: replayed on start, shared by registries on one topic.</summary>
public sealed class KafkaStoreTests : IAsyncLifetime
{
    private readonly TopicRegistries _kafka = new();

    public ValueTask InitializeAsync() => _kafka.InitializeAsync();

    public ValueTask DisposeAsync() => _kafka.DisposeAsync();

    [Fact]
    public async Task A_registry_restarted_on_the_topic_answers_the_same_ids_versions_configs_and_deletes()
    {
        var (first, client) = await _kafka.StartAsync("_schemas");
        var ids = new Dictionary<(string Subject, int Version), int>();
        for (var i = 0; i < 30; i++)
        {
            var subject = $"orders-{i % 5}";
            var id = await client.RegisterAsync(subject, AvroSchemas.Record("Order", AvroSchemas.Field("id", "\"string\""), AvroSchemas.Field("f" + i, "\"int\"", "0")));
            ids[(subject, ids.Keys.Count(k => k.Subject == subject) + 1)] = id;
        }

        var shared = await client.RegisterAsync("shared-a", AvroSchemas.OrderV1);
        Assert.Equal(shared, await client.RegisterAsync("shared-b", AvroSchemas.OrderV1));
        Assert.Equal(200, (await client.PutAsync("/config/orders-0", """{"compatibility":"FULL"}""")).Status);
        Assert.Equal(200, (await client.PutAsync("/mode/orders-1", """{"mode":"READONLY"}""")).Status);
        Assert.Equal(200, (await client.SendAsync(HttpMethod.Delete, "/subjects/orders-2")).Status);
        Assert.Equal(200, (await client.SendAsync(HttpMethod.Delete, "/subjects/orders-3/versions/6")).Status);
        Assert.Equal(200, (await client.SendAsync(HttpMethod.Delete, "/subjects/orders-3/versions/6?permanent=true")).Status);
        client.Dispose();
        await _kafka.StopAsync(first);

        var (_, restarted) = await _kafka.StartAsync("_schemas");
        using (restarted)
        {
            foreach (var ((subject, version), id) in ids.Where(e => e.Key != ("orders-3", 6)))
            {
                Assert.Equal(id, await restarted.IdOfAsync(subject, version, deleted: subject == "orders-2"));
            }

            Assert.Equal(404, (await restarted.GetAsync("/subjects/orders-2/versions")).Status);
            Assert.Equal("[1,2,3,4,5]", (await restarted.GetAsync("/subjects/orders-3/versions?deleted=true")).Body!.ToJsonString());
            Assert.Equal(shared, await restarted.IdOfAsync("shared-b", 1));
            Assert.Equal("""{"compatibilityLevel":"FULL"}""", (await restarted.GetAsync("/config/orders-0")).Body!.ToJsonString());
            Assert.Equal(42205, (await restarted.PostAsync("/subjects/orders-1/versions", RegistryFixture.SchemaBody(AvroSchemas.OrderV2))).Body!["error_code"]!.GetValue<int>());
            var next = await restarted.RegisterAsync("fresh", AvroSchemas.Record("Fresh", AvroSchemas.Field("z", "\"long\"")));
            Assert.Equal(Math.Max(ids.Values.Max(), shared) + 1, next);
        }
    }

    [Fact]
    public async Task The_topic_has_one_partition_is_compacted_and_uses_Confluents_record_shapes()
    {
        const string topic = "schemas-shapes";
        var (_, client) = await _kafka.StartAsync(topic);
        using (client)
        {
            await client.RegisterAsync("shapes-value", AvroSchemas.OrderV1);
            await client.SendAsync(HttpMethod.Delete, "/subjects/shapes-value/versions/1");
            await client.SendAsync(HttpMethod.Delete, "/subjects/shapes-value/versions/1?permanent=true");
        }

        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _kafka.Broker.BootstrapServers }).Build();
        Assert.Single(admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions);
        var configs = (await admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = topic }]))[0].Entries;
        Assert.Equal("compact", configs["cleanup.policy"].Value); // as Confluent creates it: only superseded records go

        var records = _kafka.ReadAll(topic, expected: 4);
        Assert.Equal("""{"keytype":"SCHEMA","subject":"shapes-value","version":1,"magic":1}""", records[0].Key);
        var value = JsonNode.Parse(records[0].Value!)!;
        Assert.Equal(AvroSchemas.OrderV1, value["schema"]!.GetValue<string>());
        Assert.False(value["deleted"]!.GetValue<bool>());
        Assert.True(JsonNode.Parse(records[1].Value!)!["deleted"]!.GetValue<bool>());
        Assert.Equal("""{"keytype":"SCHEMA_ID","id":1,"magic":0}""", records[2].Key); // what id 1 stands for, kept past compaction
        Assert.Equal(records[0].Key, records[3].Key);
        Assert.Null(records[3].Value); // a hard delete is a tombstone, so compaction removes the version for good
    }

    [Fact]
    public async Task After_compaction_a_hard_deleted_schema_keeps_its_id_and_no_id_is_reused()
    {
        var (first, client) = await _kafka.StartAsync("before-compaction");
        int kept, deleted;
        using (client)
        {
            kept = await client.RegisterAsync("kept-value", AvroSchemas.OrderV1);
            deleted = await client.RegisterAsync("gone-value", AvroSchemas.Record("Gone", AvroSchemas.Field("g", "\"string\"")));
            await client.SendAsync(HttpMethod.Delete, "/subjects/gone-value");
            Assert.Equal(200, (await client.SendAsync(HttpMethod.Delete, "/subjects/gone-value?permanent=true")).Status);
        }

        await _kafka.StopAsync(first);

        await _kafka.CompactIntoAsync("before-compaction", records: 5, "after-compaction");

        var (_, restarted) = await _kafka.StartAsync("after-compaction");
        using (restarted)
        {
            Assert.Equal(kept, await restarted.IdOfAsync("kept-value", 1));
            Assert.Equal(404, (await restarted.GetAsync($"/schemas/ids/{deleted}")).Status);
            Assert.Equal(deleted + 1, await restarted.RegisterAsync("new-value", AvroSchemas.Record("New", AvroSchemas.Field("n", "\"long\""))));
            Assert.Equal(deleted, await restarted.RegisterAsync("again-value", AvroSchemas.Record("Gone", AvroSchemas.Field("g", "\"string\""))));
        }
    }

    [Fact]
    public async Task A_topic_with_more_than_one_partition_is_refused_with_what_to_do()
    {
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _kafka.Broker.BootstrapServers }).Build())
        {
            await admin.CreateTopicsAsync([new TopicSpecification { Name = "three-partitions", NumPartitions = 3, ReplicationFactor = 1 }]);
        }

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => SchemaRegistryHost.StartAsync(_kafka.Options("three-partitions")));
        Assert.Contains("has 3 partitions; the registry needs exactly 1", error.Message);
    }

    [Fact]
    public async Task A_cluster_outage_fails_writes_with_50001_and_the_registry_recovers_after_it()
    {
        var (_, client) = await _kafka.StartAsync("outage", storeTimeout: TimeSpan.FromSeconds(3));
        using (client)
        {
            var before = await client.RegisterAsync("outage-value", AvroSchemas.OrderV1);
            _kafka.Broker.Faults.RefuseConnections(TimeSpan.FromSeconds(6));

            var (status, body) = await client.PostAsync("/subjects/outage-value/versions", RegistryFixture.SchemaBody(AvroSchemas.OrderV2));
            Assert.Equal(500, status);
            Assert.Equal(50001, body!["error_code"]!.GetValue<int>());
            Assert.Contains("outage@", body["message"]!.GetValue<string>());
            Assert.Equal(before, await client.IdOfAsync("outage-value", 1)); // reads keep working from memory

            var deadline = DateTime.UtcNow.AddSeconds(45);
            do
            {
                (status, body) = await client.PostAsync("/subjects/outage-value/versions", RegistryFixture.SchemaBody(AvroSchemas.OrderV2));
            }
            while (status != 200 && DateTime.UtcNow < deadline && await Task.Delay(250).ContinueWith(_ => true));

            Assert.True(status == 200, $"no registration within 45 s after the outage: {status} {body?.ToJsonString()}");
            Assert.Equal("[1,2]", (await client.GetAsync("/subjects/outage-value/versions")).Body!.ToJsonString());
        }
    }

    [Fact]
    public async Task An_unreachable_cluster_fails_the_start_with_the_address()
    {
        var options = _kafka.Options("_schemas");
        options.BootstrapServers = "127.0.0.1:1";
        options.StoreTimeout = TimeSpan.FromSeconds(2);

        var error = await Assert.ThrowsAsync<IOException>(() => SchemaRegistryHost.StartAsync(options));
        Assert.Contains("127.0.0.1:1", error.Message);
    }
}
