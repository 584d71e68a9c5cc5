using System.Net;
using Confluent.Kafka;
using Microsoft.Playwright;
using Stormline.OpsConsole.Messages;

namespace Stormline.OpsConsole.Tests;

/// <summary>Each everyday action in headless Chromium: what the operator clicks, checked on the cluster; what a viewer is not offered.</summary>
public sealed class OperationsPageTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task A_topic_is_created_reconfigured_and_deleted_from_its_pages()
    {
        const string topic = "ui-created";
        var (page, errors) = await fixture.OpenAsync(fixture.Console, "#/topics");
        await page.Locator("summary", new() { HasText = "Create a topic" }).ClickAsync();
        await page.Locator("input[name=new-topic]").FillAsync(topic);
        await page.Locator("input[name=partitions]").FillAsync("2");
        await page.Locator("textarea[name=configs]").FillAsync("retention.ms=7200000");
        await page.Locator("[data-action=create-topic]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=create-result]")).ToContainTextAsync($"Created {topic} with 2 partition(s)");
        await ConsoleFixture.ScreenshotAsync(page, "topic-create");

        await page.Locator("[data-testid=create-result] a").ClickAsync();
        var configs = page.Locator("[data-testid=configs]");
        await Assertions.Expect(configs.Locator("tr", new() { HasText = "retention.ms" })).ToContainTextAsync("7200000");
        await page.Locator("input[name=config-name]").FillAsync("retention.ms");
        await page.Locator("input[name=config-value]").FillAsync("3600000");
        await page.Locator("[data-action=set-config]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=config-result]")).ToContainTextAsync("retention.ms set to 3600000");
        await Assertions.Expect(configs.Locator("tr", new() { HasText = "retention.ms" })).ToContainTextAsync("3600000");
        await page.Locator("input[name=config-value]").FillAsync("soon");
        await page.Locator("[data-action=set-config]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=config-result] .error")).ToContainTextAsync("soon");
        await ConsoleFixture.ScreenshotAsync(page, "topic-config");

        await page.Locator("[data-action=delete-topic]").ClickAsync();
        await page.Locator("#confirm-cancel").ClickAsync();
        Assert.True(TopicExists(topic));
        await page.Locator("[data-action=delete-topic]").ClickAsync();
        await page.Locator("#confirm-ok").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=topic-count]")).ToBeVisibleAsync();
        Assert.False(TopicExists(topic));

        await page.Locator("#nav a[data-page=audit]").ClickAsync();
        foreach (var action in new[] { "topic-create", "topic-config", "topic-delete" })
        {
            await Assertions.Expect(page.Locator("[data-testid=audit] tbody tr", new() { HasText = action }).Filter(new() { HasText = topic }).First).ToBeVisibleAsync();
        }

        Assert.Empty(Unexpected(errors));
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_message_produced_with_an_avro_subject_is_read_back_decoded()
    {
        const string topic = "ui-produce";
        await fixture.Kafka.CreateTopicsAsync([new Stormline.Testing.TopicSpec(topic)]);
        var (page, errors) = await fixture.OpenAsync(fixture.Console, "#/topics/" + topic);
        await page.Locator("summary", new() { HasText = "Produce a message" }).ClickAsync();
        await page.Locator("input[name=produce-key]").FillAsync("order-ui");
        await page.Locator("textarea[name=headers]").FillAsync("event-type: OrderCreated\ntraceparent: 00-abc-def-01");
        await page.Locator("select[name=subject]").SelectOptionAsync("order-events-shop.order.OrderCreated");
        await page.Locator("textarea[name=value]").FillAsync("""{"orderId":"order-ui","userId":"u","total":"lots","card":"c"}""");
        await page.Locator("[data-action=produce]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=produce-result] .error")).ToContainTextAsync("value.total");

        await page.Locator("textarea[name=value]").FillAsync("""{"orderId":"order-ui","userId":"u","total":3.5,"card":"c"}""");
        await page.Locator("[data-action=produce]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=produce-result]")).ToContainTextAsync($"Produced to {topic}[0]@0 as avro, schema");
        await ConsoleFixture.ScreenshotAsync(page, "produce");

        await page.GetByRole(AriaRole.Button, new() { Name = "Read" }).ClickAsync();
        var row = page.Locator("[data-testid=messages] tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator(".badge.fmt")).ToContainTextAsync("avro · schema");
        await Assertions.Expect(row.Locator("pre.value")).ToContainTextAsync("\"total\": 3.5");
        await Assertions.Expect(row.Locator(".headers")).ToContainTextAsync("event-type=OrderCreated");
        Assert.Empty(Unexpected(errors));
        await page.CloseAsync();
    }

    [Fact]
    public async Task Search_shows_the_matches_and_how_far_it_read()
    {
        const string topic = "ui-search";
        await fixture.Kafka.CreateTopicsAsync([new Stormline.Testing.TopicSpec(topic)]);
        for (var i = 0; i < 12; i++)
        {
            await fixture.Kafka.ProduceAsync(topic, $"s{i}", $$"""{"customerId":"c-{{i % 3}}"}""", new Dictionary<string, string> { ["event-type"] = i % 2 == 0 ? "Even" : "Odd" });
        }

        var (page, errors) = await fixture.OpenAsync(fixture.Console, "#/topics/" + topic);
        await page.Locator("input[name=filter]").FillAsync("""value.customerId == "c-0" && header.event-type == "Even" """);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=search-progress]")).ToContainTextAsync("2 match(es) · 12 of 12 read");
        await Assertions.Expect(page.Locator("[data-testid=search-progress]")).ToContainTextAsync("searched to the end");
        Assert.Equal(["s0", "s6"], (await page.Locator("[data-testid=search] tbody tr td:nth-child(4)").AllTextContentsAsync()).Order());
        await ConsoleFixture.ScreenshotAsync(page, "search");

        await page.Locator("input[name=filter]").FillAsync("value.customerId = 3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=search] .error")).ToContainTextAsync("position 18");
        Assert.Empty(Unexpected(errors));
        await page.CloseAsync();
    }

    [Fact]
    public async Task Live_tail_shows_new_messages_and_its_stream_closes_when_the_page_is_left()
    {
        const string topic = "ui-tail";
        await fixture.Kafka.CreateTopicsAsync([new Stormline.Testing.TopicSpec(topic)]);
        await using var host = await ConsoleHost.StartAsync(fixture.Options());
        var (page, errors) = await fixture.OpenAsync(host, "#/topics/" + topic);
        await page.Locator("[data-action=tail]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=tail-status]")).ToContainTextAsync("live from [0]@0");

        await fixture.Kafka.ProduceAsync(topic, "live-1", """{"n":1}""");
        await fixture.Kafka.ProduceAsync(topic, "live-2", """{"n":2}""");
        var rows = page.Locator("[data-testid=tail] tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.First).ToContainTextAsync("live-2"); // newest on top
        await ConsoleFixture.ScreenshotAsync(page, "tail");

        // Leaving the page aborts the stream; every tail slot is free again (the fourth would be refused otherwise).
        // Each probe is read to its end (a one-second tail), so its own slot is given back before the next attempt:
        // probes dropped unread would hold slots until the server noticed, and a busy machine could refuse the next.
        await page.Locator("#nav a[data-page=groups]").ClickAsync();
        using var http = ConsoleActionHandler.Client(host.Url);
        await Poll.UntilAsync(async () =>
        {
            var probes = await Task.WhenAll(Enumerable.Range(0, LiveTail.MaxTails)
                .Select(_ => http.GetAsync($"api/topics/{topic}/tail?seconds=1", HttpCompletionOption.ResponseHeadersRead)));
            foreach (var probe in probes)
            {
                using (probe)
                {
                    await probe.Content.ReadAsStringAsync();
                }
            }

            return probes.All(p => p.StatusCode == HttpStatusCode.OK);
        }, "all tail slots are free once the page has left");
        Assert.Empty(Unexpected(errors));
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_group_is_deleted_from_its_page_only_once_it_is_empty()
    {
        const string group = "ui-doomed-group";
        using var consumer = await GroupMember.JoinAsync(fixture, group);

        var (page, errors) = await fixture.OpenAsync(fixture.Console, "#/groups/" + group);
        await page.Locator("[data-action=delete-group]").ClickAsync();
        await page.Locator("#confirm-ok").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=group-delete-result] .error")).ToContainTextAsync("Stop its consumers first");

        consumer.Close();
        await page.Locator("[data-action=delete-group]").ClickAsync();
        await page.Locator("#confirm-ok").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Consumer groups");
        await Assertions.Expect(page.Locator("tbody tr", new() { HasText = group })).ToHaveCountAsync(0);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = fixture.Kafka.BootstrapServers }).Build();
        Assert.DoesNotContain((await admin.ListConsumerGroupsAsync()).Valid, g => g.GroupId == group);
        Assert.Empty(Unexpected(errors));
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_viewer_is_offered_search_and_tail_but_no_action()
    {
        const string group = "ui-viewer-group";
        await CrossSiteTests.CommitAsync(fixture, group, 1);
        await using var host = await ConsoleHost.StartAsync(OperationsRoleTests.WithUsers(fixture));
        foreach (var hash in new[] { "#/topics", "#/topics/payment-events", "#/groups/" + group })
        {
            var (page, errors) = await fixture.OpenAsync(host, $"?token={OperationsRoleTests.ViewerToken}{hash}");
            await page.Locator("h1").First.WaitForAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.Equal(0, await page.Locator("[data-action=create-topic], [data-action=delete-topic], [data-action=produce], [data-action=set-config], [data-action=delete-group]").CountAsync());
            Assert.Equal(0, await page.Locator("summary").CountAsync());
            if (hash == "#/topics/payment-events")
            {
                await Assertions.Expect(page.Locator("input[name=filter]")).ToBeVisibleAsync();
                await Assertions.Expect(page.Locator("[data-action=tail]")).ToBeVisibleAsync();
            }

            Assert.Empty(errors);
            await page.CloseAsync();
        }
    }

    /// <summary>Console errors other than the browser's own line for a refused request, which these tests provoke on purpose.</summary>
    private static IEnumerable<string> Unexpected(List<string> errors) =>
        errors.Where(e => !e.StartsWith("Failed to load resource", StringComparison.Ordinal));

    private bool TopicExists(string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = fixture.Kafka.BootstrapServers }).Build();
        return admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Any(t => t.Topic == topic);
    }
}
