using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Confluent.Kafka;

namespace Stormline.OpsConsole.Tests;

/// <summary>The JSON API against the seeded cluster: real reads, and bad input refused with problem+json.</summary>
public sealed class ApiTests(ConsoleFixture fixture)
{
    private readonly HttpClient _http = ConsoleActionHandler.Client(fixture.Console.Url);

    [Fact]
    public async Task Topic_browser_decodes_the_avro_event_through_the_registry()
    {
        var page = await GetJsonAsync("api/topics/order-events/messages?key=" + ConsoleFixture.OrderId);
        var message = page["messages"]!.AsArray().Single()!;
        Assert.Equal("avro", (string?)message["value"]!["format"]);
        Assert.NotNull((int?)message["value"]!["schemaId"]);
        Assert.Equal(ConsoleFixture.OrderId, (string?)message["value"]!["json"]!["orderId"]);
        Assert.Equal(42.5, (double?)message["value"]!["json"]!["total"]);
        Assert.Contains(message["headers"]!.AsArray(), h => (string?)h!["name"] == "event-type" && (string?)h["value"] == "OrderCreated");
    }

    [Fact]
    public async Task Order_journey_lists_the_orders_events_in_time_order_with_their_trace()
    {
        var journey = await GetJsonAsync("api/journey/" + ConsoleFixture.OrderId);
        var steps = journey["steps"]!.AsArray();
        Assert.Equal(["OrderCreated", "PaymentCompleted", "DeliveryStarted"], steps.Select(s => (string?)s!["eventType"]));
        Assert.All(steps, s => Assert.Equal(ConsoleFixture.TraceId, (string?)s!["traceId"]));
    }

    [Theory]
    [InlineData("api/topics/no-such-topic", HttpStatusCode.NotFound)]
    [InlineData("api/topics/no-such-topic/messages", HttpStatusCode.NotFound)]
    [InlineData("api/topics/order-events/messages?partition=abc", HttpStatusCode.BadRequest)]
    [InlineData("api/topics/order-events/messages?partition=9", HttpStatusCode.NotFound)]
    [InlineData("api/topics/order-events/messages?offset=-3", HttpStatusCode.BadRequest)]
    [InlineData("api/topics/order-events/messages?time=yesterday", HttpStatusCode.BadRequest)]
    [InlineData("api/groups/no-such-group", HttpStatusCode.NotFound)]
    [InlineData("api/journey/no-such-order", HttpStatusCode.NotFound)]
    [InlineData("api/schemas/no-such-subject", HttpStatusCode.NotFound)]
    [InlineData("api/no-such-route", HttpStatusCode.NotFound)]
    public async Task Bad_reads_answer_problem_json(string path, HttpStatusCode status)
    {
        using var response = await _http.GetAsync(path);
        await AssertProblemAsync(response, status);
    }

    [Fact]
    public async Task Topics_are_searched_and_paged()
    {
        await fixture.Kafka.CreateTopicsAsync(Enumerable.Range(0, 120).Select(i => new Stormline.Testing.TopicSpec($"bulk-{i:000}")));
        var first = await GetJsonAsync("api/topics?search=bulk-&page=0&size=50");
        Assert.Equal(120, (int)first["total"]!);
        Assert.Equal(50, first["topics"]!.AsArray().Count);
        Assert.Equal("bulk-000", (string?)first["topics"]![0]!["name"]);
        var last = await GetJsonAsync("api/topics?search=bulk-&page=2&size=50");
        Assert.Equal(20, last["topics"]!.AsArray().Count);
        Assert.Equal("bulk-119", (string?)last["topics"]![19]!["name"]);
    }

    [Fact]
    public async Task Schemas_show_versions_and_compatibility()
    {
        var subjects = (await GetJsonAsync("api/schemas")).AsArray().Select(s => (string?)s).ToList();
        Assert.Contains("order-events-shop.order.OrderCreated", subjects);
        var subject = await GetJsonAsync("api/schemas/order-events-shop.order.OrderCreated");
        Assert.Equal("Backward", (string?)subject["compatibility"]);
        Assert.Contains("\"orderId\"", (string?)subject["versions"]![0]!["schema"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_changes_between_versions_name_the_field_and_the_levels_it_breaks()
    {
        await fixture.RegisterTwoVersionsAsync("api-parcels-value");

        var changes = (await GetJsonAsync("api/schemas/api-parcels-value/changes?from=1&to=2")).AsArray();
        var none = (await GetJsonAsync("api/schemas/api-parcels-value/changes?from=2&to=2")).AsArray();
        using var missing = await _http.GetAsync("api/schemas/api-parcels-value/changes?from=1&to=9");

        var change = Assert.Single(changes)!;
        Assert.Equal("added", (string?)change["kind"]);
        Assert.Equal("weight", (string?)change["path"]);
        Assert.Equal(["BACKWARD", "FULL"], change["brokenLevels"]!.AsArray().Select(l => (string?)l));
        Assert.Equal("READER_FIELD_MISSING_DEFAULT_VALUE", (string?)change["breaks"]![0]!["errorType"]);
        Assert.Empty(none);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Model_rates_count_recent_events_by_event_type()
    {
        // A fresh event: the seeded ones may be older than the one-minute window by the time this runs.
        await fixture.Kafka.ProduceAsync("order-events", "rate-probe", "{}", new Dictionary<string, string> { ["event-type"] = "OrderCreated" });
        var rates = await GetJsonAsync("api/model/rates");
        Assert.True((double)rates["events"]!["OrderCreated"]! > 0);
        Assert.True((double)rates["topics"]!["order-events"]! > 0);
        Assert.Equal(0, (double)rates["events"]!["OrderCancelled"]!);
    }

    [Fact]
    public async Task Reset_offsets_moves_an_empty_groups_offsets_and_refuses_bad_input()
    {
        // A topic of its own: other tests write to the shared ones while this one compares offsets.
        const string group = "reset-group", topic = "reset-events";
        var partition = new TopicPartition(topic, 0);
        await fixture.Kafka.CreateTopicsAsync([new Stormline.Testing.TopicSpec(topic)]);
        for (var i = 0; i < 3; i++)
        {
            await fixture.Kafka.ProduceAsync(topic, $"k{i}", "{}");
        }

        await CommitAsync(group, topic, 0, 0);
        var before = await CommittedAsync(group);

        foreach (var (body, status) in new (object, HttpStatusCode)[]
        {
            (new { to = "sideways" }, HttpStatusCode.BadRequest),
            (new { to = "timestamp", timestamp = "not-a-time" }, HttpStatusCode.BadRequest),
            (new { to = "timestamp" }, HttpStatusCode.BadRequest),
            (new { to = "offset" }, HttpStatusCode.BadRequest),
            (new { to = "offset", offset = -4 }, HttpStatusCode.BadRequest),
            (new { to = "offset", offset = "twelve" }, HttpStatusCode.BadRequest),
            (new { to = "latest", topic = "no-such-topic" }, HttpStatusCode.NotFound),
        })
        {
            using var refused = await _http.PostAsJsonAsync($"api/groups/{group}/reset", body);
            await AssertProblemAsync(refused, status);
        }

        using var malformed = await _http.PostAsync($"api/groups/{group}/reset", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        await AssertProblemAsync(malformed, HttpStatusCode.BadRequest);
        using var unknown = await _http.PostAsJsonAsync("api/groups/no-such-group/reset", new { to = "earliest" });
        await AssertProblemAsync(unknown, HttpStatusCode.NotFound);
        Assert.Equal(before, await CommittedAsync(group));

        foreach (var (body, expected) in new (object, long)[]
        {
            (new { to = "offset", offset = 1 }, 1),
            (new { to = "offset", offset = 99 }, 3), // clamped to the log end, as kafka-consumer-groups --to-offset does
            (new { to = "earliest" }, 0),
            (new { to = "latest" }, 3),
            (new { to = "timestamp", timestamp = "2000-01-01T00:00:00Z" }, 0),
            (new { to = "timestamp", timestamp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) }, 3),
        })
        {
            using var reset = await _http.PostAsJsonAsync($"api/groups/{group}/reset", body);
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
            Assert.Equal(expected, (await CommittedAsync(group))[partition]);
        }
    }

    [Fact]
    public async Task Reset_offsets_of_a_group_with_members_is_a_conflict()
    {
        const string group = "busy-group";
        using var consumer = await GroupMember.JoinAsync(fixture, group);

        using var response = await _http.PostAsJsonAsync($"api/groups/{group}/reset", new { to = "earliest" });
        var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("empty", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(1, (await CommittedAsync(group))[new TopicPartition("payment-events", 0)]);
        consumer.Close();
    }

    [Fact]
    public async Task Bad_redrive_requests_are_refused()
    {
        using var notNumeric = await _http.PostAsync($"api/deadletters/{ConsoleFixture.DeadLetterTopic}/x/0/redrive", null);
        await AssertProblemAsync(notNumeric, HttpStatusCode.BadRequest);
        using var notDlq = await _http.PostAsync("api/deadletters/order-events/0/0/redrive", null);
        await AssertProblemAsync(notDlq, HttpStatusCode.BadRequest);
        using var missing = await _http.PostAsync($"api/deadletters/{ConsoleFixture.DeadLetterTopic}/0/999/redrive", null);
        await AssertProblemAsync(missing, HttpStatusCode.NotFound);
    }

    internal static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal((int)status, (int)problem["status"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]));
        return problem;
    }

    private async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private async Task CommitAsync(string group, string topic, int partition, long offset)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = fixture.Kafka.BootstrapServers }).Build();
        await admin.AlterConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitionOffsets(group, [new TopicPartitionOffset(topic, partition, offset)])]);
    }

    private async Task<Dictionary<TopicPartition, long>> CommittedAsync(string group)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = fixture.Kafka.BootstrapServers }).Build();
        var result = await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, null)]);
        return result.SelectMany(r => r.Partitions).ToDictionary(p => p.TopicPartition, p => p.Offset.Value);
    }
}
