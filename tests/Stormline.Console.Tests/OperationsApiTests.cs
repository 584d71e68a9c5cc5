using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Avro.Generic;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;

namespace Stormline.OpsConsole.Tests;

/// <summary>
/// The operator's everyday actions over HTTP against the embedded broker and registry: produce (plain, Avro, JSON
/// Schema), topic create/config/delete, group delete; each checked on the cluster itself and in the audit log.
/// </summary>
public sealed class OperationsApiTests(ConsoleFixture fixture)
{
    private const string AvroSubject = "order-events-shop.order.OrderCreated";

    private readonly HttpClient _http = ConsoleActionHandler.Client(fixture.Console.Url);

    [Fact]
    public async Task Produce_sends_key_headers_and_value_as_typed_and_is_audited()
    {
        const string topic = "produce-plain";
        await fixture.Kafka.CreateTopicsAsync([new Stormline.Testing.TopicSpec(topic)]);
        using var response = await _http.PostAsJsonAsync($"api/topics/{topic}/messages",
            new { key = "k-1", headers = new[] { new { name = "event-type", value = "Ping" }, new { name = "traceparent", value = "00-1-2-01" } }, value = "hello there" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        var record = Assert.Single(fixture.Kafka.ConsumeUntilIdle(topic, TimeSpan.FromSeconds(1)));
        Assert.Equal(("k-1", "hello there", (long)sent["offset"]!), (record.Key, record.Value, record.Offset));
        Assert.Equal(["event-type=Ping", "traceparent=00-1-2-01"], record.Headers.Select(h => $"{h.Key}={Encoding.UTF8.GetString(h.Value)}"));

        var audit = await NewestAuditAsync("produce");
        Assert.Contains($"{topic} key k-1", (string?)audit["target"], StringComparison.Ordinal);
        Assert.Equal((long)sent["offset"]!, (long)audit["offsets"]![0]!["after"]!);

        using var small = await _http.PostAsJsonAsync("api/topics", new { name = "produce-small", configs = new Dictionary<string, string> { ["max.message.bytes"] = "1024" } });
        Assert.Equal(HttpStatusCode.Created, small.StatusCode);
        using var tooLarge = await _http.PostAsJsonAsync("api/topics/produce-small/messages", new { value = new string('x', 4096) });
        Assert.Contains("MsgSizeTooLarge", (string?)(await ApiTests.AssertProblemAsync(tooLarge, HttpStatusCode.BadRequest))["detail"], StringComparison.Ordinal);

        using var missing = await _http.PostAsJsonAsync("api/topics/produce-nowhere/messages", new { value = "x" });
        await ApiTests.AssertProblemAsync(missing, HttpStatusCode.NotFound);
        using var admin = Admin();
        Assert.DoesNotContain(admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics, t => t.Topic == "produce-nowhere");
    }

    [Fact]
    public async Task Produce_with_an_avro_subject_writes_what_a_confluent_deserializer_reads()
    {
        const string topic = "produce-avro";
        await fixture.Kafka.CreateTopicsAsync([new Stormline.Testing.TopicSpec(topic)]);
        using var registry = fixture.Kafka.CreateSchemaRegistryClient();
        var latest = await registry.GetLatestSchemaAsync(AvroSubject);

        using var response = await _http.PostAsJsonAsync($"api/topics/{topic}/messages",
            new { key = "order-9", subject = AvroSubject, value = """{"orderId":"order-9","userId":"u-9","total":7.25,"card":"5500-0000"}""" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(latest.Id, (int)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["schemaId"]!);

        var raw = Assert.Single(RawRecords.Read(fixture, topic));
        Assert.Equal(0, raw.Message.Value![0]);
        Assert.Equal(latest.Id, BinaryPrimitives.ReadInt32BigEndian(raw.Message.Value.AsSpan(1, 4)));
        var record = await new AvroDeserializer<GenericRecord>(registry).DeserializeAsync(raw.Message.Value, false, new SerializationContext(MessageComponentType.Value, topic));
        Assert.Equal(("order-9", "u-9", 7.25, "5500-0000"), ((string)record["orderId"], (string)record["userId"], (double)record["total"], (string)record["card"]));

        // Values that do not fit are refused before anything is sent, naming the field.
        foreach (var (value, says) in new[]
        {
            ("""{"orderId":"o","userId":"u","total":"seven","card":"c"}""", "value.total"),
            ("""{"orderId":"o","userId":"u","total":1}""", "value.card: required"),
            ("""{"orderId":"o","userId":"u","total":1,"card":"c","extra":1}""", "value.extra"),
            ("not json", "not JSON"),
        })
        {
            using var refused = await _http.PostAsJsonAsync($"api/topics/{topic}/messages", new { subject = AvroSubject, value });
            var problem = await ApiTests.AssertProblemAsync(refused, HttpStatusCode.BadRequest);
            Assert.Contains(says, (string?)problem["detail"], StringComparison.Ordinal);
        }

        using var unknown = await _http.PostAsJsonAsync($"api/topics/{topic}/messages", new { subject = "no-such-subject", value = "{}" });
        await ApiTests.AssertProblemAsync(unknown, HttpStatusCode.NotFound);
        Assert.Single(RawRecords.Read(fixture, topic));
    }

    [Fact]
    public async Task Produce_with_a_json_schema_subject_validates_then_frames_the_json()
    {
        const string topic = "produce-json", subject = "produce-json-value";
        await fixture.Kafka.CreateTopicsAsync([new Stormline.Testing.TopicSpec(topic)]);
        using var registry = fixture.Kafka.CreateSchemaRegistryClient();
        var id = await registry.RegisterSchemaAsync(subject, new Schema("""
            {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","required":["customerId","amount"],
             "properties":{"customerId":{"type":"string"},"amount":{"type":"number","minimum":0}}}
            """, SchemaType.Json));

        using var invalid = await _http.PostAsJsonAsync($"api/topics/{topic}/messages", new { subject, value = """{"customerId":"c-1","amount":-5}""" });
        var problem = await ApiTests.AssertProblemAsync(invalid, HttpStatusCode.BadRequest);
        Assert.Contains("/amount", (string?)problem["detail"], StringComparison.Ordinal);
        using var incomplete = await _http.PostAsJsonAsync($"api/topics/{topic}/messages", new { subject, value = """{"amount":1}""" });
        Assert.Contains("customerId", (string?)(await ApiTests.AssertProblemAsync(incomplete, HttpStatusCode.BadRequest))["detail"], StringComparison.Ordinal);
        Assert.Empty(RawRecords.Read(fixture, topic));

        using var valid = await _http.PostAsJsonAsync($"api/topics/{topic}/messages", new { subject, value = """{ "customerId": "c-1", "amount": 12 }""" });
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        var bytes = Assert.Single(RawRecords.Read(fixture, topic)).Message.Value!;
        Assert.Equal(0, bytes[0]);
        Assert.Equal(id, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(1, 4)));
        Assert.Equal("""{"customerId":"c-1","amount":12}""", Encoding.UTF8.GetString(bytes, 5, bytes.Length - 5));

        // The console's own browser reads it back through the registry.
        var shown = JsonNode.Parse(await _http.GetStringAsync($"api/topics/{topic}/messages"))!["messages"]![0]!["value"]!;
        Assert.Equal(("json-schema", "c-1"), ((string?)shown["format"], (string?)shown["json"]!["customerId"]));
    }

    [Fact]
    public async Task Topics_are_created_reconfigured_and_deleted_with_the_brokers_refusals_as_problems()
    {
        const string topic = "ops-created";
        using var created = await _http.PostAsJsonAsync("api/topics", new { name = topic, partitions = 2, configs = new Dictionary<string, string> { ["retention.ms"] = "86400000" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var admin = Admin();
        Assert.Equal(2, admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Single(t => t.Topic == topic).Partitions.Count);
        Assert.Equal("86400000", await ConfigAsync(admin, topic, "retention.ms"));

        using var again = await _http.PostAsJsonAsync("api/topics", new { name = topic });
        Assert.Contains("TopicAlreadyExists", (string?)(await ApiTests.AssertProblemAsync(again, HttpStatusCode.Conflict))["detail"], StringComparison.Ordinal);
        using var badName = await _http.PostAsJsonAsync("api/topics", new { name = "no spaces allowed" });
        await ApiTests.AssertProblemAsync(badName, HttpStatusCode.BadRequest);
        using var badConfig = await _http.PostAsJsonAsync("api/topics", new { name = "ops-bad-config", configs = new Dictionary<string, string> { ["cleanup.policy"] = "sideways" } });
        Assert.Contains("sideways", (string?)(await ApiTests.AssertProblemAsync(badConfig, HttpStatusCode.BadRequest))["detail"], StringComparison.Ordinal);
        Assert.DoesNotContain(admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics, t => t.Topic is "ops-bad-config" or "no spaces allowed");

        using var set = await _http.PostAsJsonAsync($"api/topics/{topic}/configs", new { changes = new[] { new { name = "retention.ms", value = "3600000" }, new { name = "max.message.bytes", value = "65536" } } });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(("3600000", "65536"), (await ConfigAsync(admin, topic, "retention.ms"), await ConfigAsync(admin, topic, "max.message.bytes")));
        using var notANumber = await _http.PostAsJsonAsync($"api/topics/{topic}/configs", new { changes = new[] { new { name = "retention.ms", value = "soon" } } });
        var refusal = await ApiTests.AssertProblemAsync(notANumber, HttpStatusCode.BadRequest);
        Assert.Contains("soon", (string?)refusal["detail"], StringComparison.Ordinal);
        Assert.Equal("3600000", await ConfigAsync(admin, topic, "retention.ms"));
        using var toDefault = await _http.PostAsJsonAsync($"api/topics/{topic}/configs", new { changes = new[] { new { name = "retention.ms", op = "delete" } } });
        Assert.Equal(HttpStatusCode.OK, toDefault.StatusCode);
        Assert.NotEqual("3600000", await ConfigAsync(admin, topic, "retention.ms"));
        using var noChanges = await _http.PostAsJsonAsync($"api/topics/{topic}/configs", new { changes = Array.Empty<object>() });
        await ApiTests.AssertProblemAsync(noChanges, HttpStatusCode.BadRequest);

        using var deleted = await _http.DeleteAsync($"api/topics/{topic}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.DoesNotContain(admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics, t => t.Topic == topic);
        using var gone = await _http.DeleteAsync($"api/topics/{topic}");
        await ApiTests.AssertProblemAsync(gone, HttpStatusCode.NotFound);
        await fixture.Kafka.CreateTopicsAsync([new Stormline.Testing.TopicSpec("__ops_internal")]);
        using var internalTopic = await _http.DeleteAsync("api/topics/__ops_internal");
        await ApiTests.AssertProblemAsync(internalTopic, HttpStatusCode.BadRequest);
        Assert.Contains(admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics, t => t.Topic == "__ops_internal");

        Assert.Contains(topic, (string?)(await NewestAuditAsync("topic-create"))["target"], StringComparison.Ordinal);
        Assert.Contains($"{topic}: delete retention.ms", (string?)(await NewestAuditAsync("topic-config"))["target"], StringComparison.Ordinal);
        Assert.Equal(topic, (string?)(await NewestAuditAsync("topic-delete"))["target"]);
    }

    [Fact]
    public async Task A_group_with_members_is_not_deleted_and_an_empty_one_is_with_its_offsets()
    {
        const string group = "doomed-group";
        using (var consumer = await GroupMember.JoinAsync(fixture, group))
        {
            using var busy = await _http.DeleteAsync($"api/groups/{group}");
            var problem = await ApiTests.AssertProblemAsync(busy, HttpStatusCode.Conflict);
            Assert.Contains("1 member(s)", (string?)problem["detail"], StringComparison.Ordinal);
            Assert.Contains(group, await GroupsAsync());
            consumer.Close();
        }

        using var deleted = await _http.DeleteAsync($"api/groups/{group}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.DoesNotContain(group, await GroupsAsync());
        using var again = await _http.DeleteAsync($"api/groups/{group}");
        await ApiTests.AssertProblemAsync(again, HttpStatusCode.NotFound);

        var audit = await NewestAuditAsync("group-delete");
        Assert.Equal(group, (string?)audit["target"]);
        var offset = Assert.Single(audit["offsets"]!.AsArray())!;
        Assert.Equal(("payment-events", 1L, -1L), ((string)offset["topic"]!, (long)offset["before"]!, (long)offset["after"]!));
    }

    private async Task<List<string>> GroupsAsync()
    {
        using var admin = Admin();
        return (await admin.ListConsumerGroupsAsync()).Valid.Select(g => g.GroupId).ToList();
    }

    private async Task<JsonNode> NewestAuditAsync(string action) =>
        JsonNode.Parse(await _http.GetStringAsync("api/audit"))!.AsArray().First(e => (string?)e!["action"] == action)!;

    private IAdminClient Admin() => new AdminClientBuilder(new AdminClientConfig { BootstrapServers = fixture.Kafka.BootstrapServers }).Build();

    private static async Task<string?> ConfigAsync(IAdminClient admin, string topic, string name) =>
        (await admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = topic }])).Single().Entries[name].Value;
}
