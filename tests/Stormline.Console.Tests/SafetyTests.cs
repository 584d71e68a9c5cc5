using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Stormline.OpsConsole.Tests;

/// <summary>The safety rules: a token off loopback, read-only hides and refuses actions, masked fields never leave the server.</summary>
public sealed class SafetyTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task A_non_loopback_address_without_a_token_is_refused_at_start()
    {
        var options = fixture.Options();
        options.Host = "0.0.0.0";
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ConsoleHost.StartAsync(options));
        Assert.Contains("--token", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_token_every_api_call_and_the_metrics_need_it()
    {
        var options = fixture.Options();
        options.Token = "s3cret-token";
        await using var host = await ConsoleHost.StartAsync(options);
        using var http = new HttpClient { BaseAddress = new Uri(host.Url) };

        foreach (var path in new[] { "api/info", "api/topics", "api/groups", "metrics" })
        {
            using var missing = await http.GetAsync(path);
            await ApiTests.AssertProblemAsync(missing, HttpStatusCode.Unauthorized);
        }

        using (var wrong = new HttpRequestMessage(HttpMethod.Post, "api/groups/any/reset") { Content = JsonContent.Create(new { to = "earliest" }) })
        {
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "guess");
            await ApiTests.AssertProblemAsync(await http.SendAsync(wrong), HttpStatusCode.Unauthorized);
        }

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-token");
        using var ok = await http.GetAsync("api/topics");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using var metrics = await http.GetAsync("metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("kafka_brokers", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The page itself loads without the token and asks for it; with ?token= it opens.
        var (page, _) = await fixture.OpenAsync(host, "#/overview");
        await Microsoft.Playwright.Assertions.Expect(page.Locator("input[name=token]")).ToBeVisibleAsync();
        await page.GotoAsync(host.Url + "?token=s3cret-token#/topics");
        await Microsoft.Playwright.Assertions.Expect(page.Locator("[data-testid=topic-count]")).ToContainTextAsync("topics");
        Assert.DoesNotContain("token", page.Url, StringComparison.Ordinal);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Read_only_hides_every_action_and_refuses_them_with_403()
    {
        var options = fixture.Options();
        options.ReadOnly = true;
        await using var host = await ConsoleHost.StartAsync(options);
        using var http = new HttpClient { BaseAddress = new Uri(host.Url) };

        using var reset = await http.PostAsJsonAsync("api/groups/any/reset", new { to = "earliest" });
        await ApiTests.AssertProblemAsync(reset, HttpStatusCode.Forbidden);
        using var redrive = await http.PostAsync($"api/deadletters/{ConsoleFixture.DeadLetterTopic}/0/0/redrive", null);
        await ApiTests.AssertProblemAsync(redrive, HttpStatusCode.Forbidden);

        var (page, errors) = await fixture.OpenAsync(host, "#/deadletters");
        await page.Locator("tbody tr").First.WaitForAsync();
        Assert.Equal(0, await page.Locator("[data-action]").CountAsync());
        using (var admin = new Confluent.Kafka.AdminClientBuilder(new Confluent.Kafka.AdminClientConfig { BootstrapServers = fixture.Kafka.BootstrapServers }).Build())
        {
            await admin.AlterConsumerGroupOffsetsAsync([new Confluent.Kafka.ConsumerGroupTopicPartitionOffsets("readonly-group", [new Confluent.Kafka.TopicPartitionOffset("payment-events", 0, 0)])]);
        }

        await page.GotoAsync(host.Url + "#/groups/readonly-group");
        await page.Locator("[data-testid=group-lag]").WaitForAsync();
        Assert.Equal(0, await page.Locator("[data-action]").CountAsync());
        Assert.Contains("read-only", await page.Locator("#mode").TextContentAsync(), StringComparison.Ordinal);
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Masked_fields_are_replaced_before_they_leave_the_server()
    {
        var options = fixture.Options();
        options.MaskedFields.Add("card");
        options.MaskedFields.Add("customer.email");
        await using var host = await ConsoleHost.StartAsync(options);
        using var http = new HttpClient { BaseAddress = new Uri(host.Url) };

        var text = await http.GetStringAsync("api/topics/order-events/messages?key=" + ConsoleFixture.OrderId);
        Assert.DoesNotContain("4111", text, StringComparison.Ordinal);
        var value = JsonNode.Parse(text)!["messages"]![0]!["value"]!["json"]!;
        Assert.Equal("***", (string?)value["card"]);
        Assert.Equal(ConsoleFixture.OrderId, (string?)value["orderId"]);

        var journey = await http.GetStringAsync("api/journey/" + ConsoleFixture.OrderId);
        Assert.DoesNotContain("4111", journey, StringComparison.Ordinal);
    }
}
