using System.Text.RegularExpressions;
using Confluent.Kafka;
using Microsoft.Playwright;

namespace Stormline.OpsConsole.Tests;

/// <summary>Every page in headless Chromium against the seeded cluster, with a screenshot of each.</summary>
public sealed partial class PageTests(ConsoleFixture fixture)
{
    [Theory]
    [InlineData("overview", "#/overview", "[data-testid=topics]")]
    [InlineData("topics", "#/topics", "[data-testid=topic-count]")]
    [InlineData("topic", "#/topics/order-events", "[data-testid=messages] table")]
    [InlineData("groups", "#/groups", "h1")]
    [InlineData("schemas", "#/schemas/order-events-shop.order.OrderCreated", "[data-testid=changes]")]
    [InlineData("model", "#/model", "[data-testid=board]")]
    [InlineData("journey", "#/journey/" + ConsoleFixture.OrderId, ".timeline li")]
    [InlineData("deadletters", "#/deadletters", "table")]
    public async Task Page_loads_without_console_errors(string name, string hash, string selector)
    {
        var (page, errors) = await fixture.OpenAsync(fixture.Console, hash);
        await page.Locator(selector).First.WaitForAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await ConsoleFixture.ScreenshotAsync(page, name);
        Assert.Empty(await page.Locator(".error").AllAsync());
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Schema_page_lists_field_changes_with_the_levels_they_break()
    {
        await fixture.RegisterTwoVersionsAsync("page-parcels-value");

        var (page, errors) = await fixture.OpenAsync(fixture.Console, "#/schemas/page-parcels-value");
        var row = page.Locator("[data-testid=changes] tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator("td").Nth(0)).ToHaveTextAsync("added");
        await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("weight");
        await Assertions.Expect(row.Locator(".badge")).ToHaveTextAsync(["BACKWARD", "FULL"]);
        await Assertions.Expect(row.Locator("td").Nth(4)).ToContainTextAsync("READER_FIELD_MISSING_DEFAULT_VALUE");
        await ConsoleFixture.ScreenshotAsync(page, "schema-changes");

        await page.Locator("select[name=left]").SelectOptionAsync("2");
        await Assertions.Expect(page.Locator("[data-testid=changes]")).ToHaveTextAsync("No changes between these versions.");
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Overview_shows_the_real_topic_and_group_counts()
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = fixture.Kafka.BootstrapServers }).Build();
        var (page, _) = await fixture.OpenAsync(fixture.Console, "#/overview");
        await page.Locator("[data-testid=topics] .n").WaitForAsync();
        // Other tests add topics and groups meanwhile: compare with a count taken while the page shows it.
        await Poll.UntilAsync(async () =>
        {
            var topics = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Count(t => !t.Topic.StartsWith("__", StringComparison.Ordinal));
            var groups = (await admin.ListConsumerGroupsAsync()).Valid.Count;
            var shownTopics = await page.Locator("[data-testid=topics] .n").TextContentAsync();
            var shownGroups = await page.Locator("[data-testid=groups] .n").TextContentAsync();
            return shownTopics == topics.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) && shownGroups == groups.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }, "the overview shows the cluster's topic and group counts");
        Assert.True(int.Parse(await page.Locator("[data-testid=topics] .n").TextContentAsync() ?? "0", System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture) >= 4);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Overview_draws_throughput_and_lag_sparklines_from_the_collector_history()
    {
        var (page, errors) = await fixture.OpenAsync(fixture.Console, "#/overview");
        // The collector polls every second here and the page redraws every five: points arrive without a reload.
        await Assertions.Expect(page.Locator("[data-testid=trend-throughput] svg polyline")).ToHaveCountAsync(1, new() { Timeout = 45_000 });
        await Assertions.Expect(page.Locator("[data-testid=trend-lag] svg polyline")).ToHaveCountAsync(1);
        var points = await page.Locator("[data-testid=trend-lag] svg polyline").GetAttributeAsync("points");
        Assert.True(points!.Split(' ').Length >= 2);
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Topic_list_searches_and_pages()
    {
        await fixture.Kafka.CreateTopicsAsync(Enumerable.Range(0, 60).Select(i => new Stormline.Testing.TopicSpec($"paged-{i:000}")));
        var (page, errors) = await fixture.OpenAsync(fixture.Console, "#/topics");
        await page.Locator("input[name=search]").FillAsync("paged-");
        await Assertions.Expect(page.Locator("[data-testid=topic-count]")).ToHaveTextAsync("60 topics · page 1 of 2");
        await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(50);
        await page.GetByRole(AriaRole.Button, new() { Name = "next ›" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=topic-count]")).ToHaveTextAsync("60 topics · page 2 of 2");
        await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(10);
        await Assertions.Expect(page.Locator("tbody tr").Last).ToContainTextAsync("paged-059");
        await page.Locator("input[name=search]").FillAsync("paged-05");
        await Assertions.Expect(page.Locator("[data-testid=topic-count]")).ToHaveTextAsync("10 topics · page 1 of 1");
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Topic_list_and_topic_page_show_sizes_in_bytes_read_with_DescribeLogDirs()
    {
        await fixture.Kafka.CreateTopicsAsync([new Stormline.Testing.TopicSpec("sized-topic", 1)]);
        for (var i = 0; i < 3; i++)
        {
            await fixture.Kafka.ProduceAsync("sized-topic", $"k{i}", "value");
        }

        var (page, errors) = await fixture.OpenAsync(fixture.Console, "#/topics/sized-topic");
        var partitionRow = page.Locator("table").First.Locator("tbody tr");
        await Assertions.Expect(partitionRow).ToHaveCountAsync(1);
        var shown = await partitionRow.Locator("td").Nth(7).TextContentAsync();
        // Three records produced one at a time are three batches, each its 61-byte header plus a small record.
        var bytes = long.Parse(shown ?? "", System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(bytes, 3 * 70, 3 * 200);

        await page.GotoAsync(page.Url.Split('#')[0] + "#/topics");
        await page.Locator("input[name=search]").FillAsync("sized-topic");
        await Assertions.Expect(page.Locator("[data-testid=topic-count]")).ToHaveTextAsync("1 topics · page 1 of 1");
        await Assertions.Expect(page.Locator("tbody tr").Locator("td").Nth(4)).ToHaveTextAsync(shown!);
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Message_browser_shows_the_decoded_avro_event_and_its_headers()
    {
        var (page, errors) = await fixture.OpenAsync(fixture.Console, "#/topics/order-events");
        await page.Locator("input[name=key]").FillAsync(ConsoleFixture.OrderId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Read" }).ClickAsync();
        var row = page.Locator("[data-testid=messages] tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator(".badge.fmt")).ToContainTextAsync("avro · schema");
        await Assertions.Expect(row.Locator("pre.value")).ToContainTextAsync($"\"orderId\": \"{ConsoleFixture.OrderId}\"");
        await Assertions.Expect(row.Locator(".headers")).ToContainTextAsync("event-type=OrderCreated");
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Order_journey_shows_the_events_in_order()
    {
        var (page, errors) = await fixture.OpenAsync(fixture.Console, "#/journey");
        await page.Locator("input[name=order]").FillAsync(ConsoleFixture.OrderId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show journey" }).ClickAsync();
        var steps = page.Locator(".timeline li");
        await Assertions.Expect(steps).ToHaveCountAsync(3);
        Assert.Equal(["OrderCreated", "PaymentCompleted", "DeliveryStarted"], await steps.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.event)"));
        await Assertions.Expect(page.Locator("[data-testid=journey]")).ToContainTextAsync("one trace " + ConsoleFixture.TraceId);
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Event_model_board_shows_live_rates_on_events()
    {
        // A fresh event: the seeded ones may be older than the one-minute window by the time this runs.
        await fixture.Kafka.ProduceAsync("order-events", "rate-probe", "{}", new Dictionary<string, string> { ["event-type"] = "OrderCreated" });
        var (page, errors) = await fixture.OpenAsync(fixture.Console, "#/model");
        var created = page.Locator("[data-testid=board] .sticky[data-kind=event][data-name=OrderCreated] .rate");
        await Assertions.Expect(created).ToHaveTextAsync(RatePattern());
        Assert.NotEqual("0.00/s", await created.TextContentAsync());
        await Assertions.Expect(page.Locator("[data-testid=board] .sticky[data-kind=event][data-name=OrderCancelled] .rate")).ToHaveTextAsync("0.00/s");
        // The policy reacting to OrderCreated runs at its trigger's rate.
        var policy = page.Locator("[data-testid=board] .sticky[data-kind=policy]", new() { HasText = "when OrderCreated" }).Locator(".rate");
        Assert.Equal(await created.TextContentAsync(), await policy.TextContentAsync());
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Group_lag_rises_when_its_consumer_stops_and_falls_when_it_resumes()
    {
        const string topic = "lag-events", group = "lag-service";
        await fixture.Kafka.CreateTopicsAsync([new Stormline.Testing.TopicSpec(topic)]);
        await ConsumeAllAsync(topic, group, expected: 0);

        var (page, errors) = await fixture.OpenAsync(fixture.Console, "#/groups/" + group);
        var lag = page.Locator("[data-testid=group-lag]");
        await Assertions.Expect(lag).ToHaveTextAsync("0");
        for (var i = 0; i < 25; i++)
        {
            await fixture.Kafka.ProduceAsync(topic, $"k{i}", "{}");
        }

        await Assertions.Expect(lag).ToHaveTextAsync("25", new() { Timeout = 45_000 });
        // The collector's history has the rise too: the partition's sparkline gets drawn.
        await Assertions.Expect(page.Locator("tbody svg.spark polyline")).ToHaveCountAsync(1, new() { Timeout = 45_000 });
        await ConsumeAllAsync(topic, group, expected: 25);
        await Assertions.Expect(lag).ToHaveTextAsync("0", new() { Timeout = 45_000 });
        await ConsoleFixture.ScreenshotAsync(page, "group");
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Group_shows_its_lag_in_seconds_beside_the_offset_lag_and_zero_once_caught_up()
    {
        const string topic = "lagtime-events", group = "lagtime-service";
        await fixture.Kafka.CreateTopicsAsync([new Stormline.Testing.TopicSpec(topic)]);
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = fixture.Kafka.BootstrapServers }).Build())
        {
            for (var i = 0; i < 3; i++)
            {
                await producer.ProduceAsync(topic, new Message<string, string> { Key = $"k{i}", Value = "{}", Timestamp = new Timestamp(DateTime.UtcNow.AddHours(-2)) });
            }
        }

        // A member-less group that read one of the three records, two hours after they were written.
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = fixture.Kafka.BootstrapServers }).Build();
        await admin.AlterConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitionOffsets(group, [new TopicPartitionOffset(topic, 0, 1)])]);

        var (page, errors) = await fixture.OpenAsync(fixture.Console, "#/groups/" + group);
        var seconds = page.Locator("[data-testid=group-lag-seconds]");
        await Assertions.Expect(page.Locator("[data-testid=group-lag]")).ToHaveTextAsync("2");
        await Assertions.Expect(seconds).ToHaveTextAsync(new Regex(@"^2 h \d+ min$"), new() { Timeout = 45_000 });
        await Assertions.Expect(page.Locator("tbody tr", new() { HasText = topic })).ToContainTextAsync(" h ");

        await admin.AlterConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitionOffsets(group, [new TopicPartitionOffset(topic, 0, 3)])]);
        await Assertions.Expect(page.Locator("[data-testid=group-lag]")).ToHaveTextAsync("0", new() { Timeout = 45_000 });
        await Assertions.Expect(seconds).ToHaveTextAsync("0 s", new() { Timeout = 45_000 });

        await page.GotoAsync(fixture.Console.Url + "#/groups");
        await Assertions.Expect(page.Locator("tbody tr", new() { HasText = group })).ToContainTextAsync("0 s");
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Redrive_moves_a_dead_letter_back_to_its_topic_once()
    {
        var (page, errors) = await fixture.OpenAsync(fixture.Console, "#/deadletters");
        var row = page.Locator("tbody tr", new() { HasText = ConsoleFixture.DeadLetterKey });
        await Assertions.Expect(row).ToContainTextAsync(ConsoleFixture.DeadLetterError);
        await row.Locator("[data-action=redrive]").ClickAsync();
        await page.Locator("#confirm-ok").ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("redriven → order-events");
        Assert.Equal(0, await row.Locator("[data-action=redrive]").CountAsync());

        var back = fixture.Kafka.ConsumeUntilIdle("order-events", TimeSpan.FromSeconds(2)).Where(r => r.Key == ConsoleFixture.DeadLetterKey).ToList();
        var redriven = Assert.Single(back);
        Assert.Contains("\"total\":-1", redriven.Value, StringComparison.Ordinal);
        Assert.Contains(redriven.Headers, h => h.Key == "event-type");
        Assert.DoesNotContain(redriven.Headers, h => h.Key.StartsWith("dlq-", StringComparison.Ordinal));

        using var http = ConsoleActionHandler.Client(fixture.Console.Url);
        var position = await page.Locator("tbody tr", new() { HasText = ConsoleFixture.DeadLetterKey }).Locator("code").First.TextContentAsync();
        var offset = position!.Split('@')[1];
        using var again = await http.PostAsync($"api/deadletters/{ConsoleFixture.DeadLetterTopic}/0/{offset}/redrive", null);
        await ApiTests.AssertProblemAsync(again, System.Net.HttpStatusCode.Conflict);
        Assert.Single(fixture.Kafka.ConsumeUntilIdle("order-events", TimeSpan.FromSeconds(1)), r => r.Key == ConsoleFixture.DeadLetterKey);
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Reset_offsets_asks_for_confirmation_then_resets()
    {
        const string group = "ui-reset-group";
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = fixture.Kafka.BootstrapServers }).Build())
        {
            await admin.AlterConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitionOffsets(group, [new TopicPartitionOffset("payment-events", 0, 1)])]);
        }

        var (page, errors) = await fixture.OpenAsync(fixture.Console, "#/groups/" + group);
        await page.Locator("select[name=to]").SelectOptionAsync("earliest");
        await page.Locator("[data-action=reset]").ClickAsync();
        await page.Locator("#confirm-cancel").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=reset-result]")).ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("[data-testid=group-lag]")).ToHaveTextAsync("0");

        await page.Locator("[data-action=reset]").ClickAsync();
        await page.Locator("#confirm-ok").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=reset-result]")).ToContainTextAsync("payment-events[0]→0");
        await Assertions.Expect(page.Locator("[data-testid=group-lag]")).ToHaveTextAsync("1");
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    /// <summary>Consumes with commits until the group has read <paramref name="expected"/> records, then leaves the group.</summary>
    private async Task ConsumeAllAsync(string topic, string group, int expected)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = fixture.Kafka.BootstrapServers, GroupId = group, AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        var read = 0;
        await Poll.UntilAsync(() =>
        {
            if (consumer.Consume(200) is { } result)
            {
                read++;
                consumer.Commit(result);
            }

            return Task.FromResult(read >= expected && consumer.Assignment.Count > 0);
        }, $"{group} reads {expected} records");
        if (expected == 0)
        {
            consumer.Commit([new TopicPartitionOffset(topic, 0, 0)]);
        }

        consumer.Close();
    }

    [GeneratedRegex(@"^\d+(\.\d+)?/s$")]
    private static partial Regex RatePattern();
}
