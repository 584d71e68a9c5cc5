using System.Net;
using System.Net.Http.Json;
using System.Text;
using Confluent.Kafka;

namespace Stormline.OpsConsole.Tests;

/// <summary>The new actions behind the same gates as the old: a viewer reads, searches and tails but changes nothing; another site changes nothing.</summary>
public sealed class OperationsRoleTests(ConsoleFixture fixture)
{
    internal const string ViewerToken = "ops-viewer-token-11f0", OperatorToken = "ops-operator-token-7c2e";

    internal static ConsoleOptions WithUsers(ConsoleFixture fixture)
    {
        var options = fixture.Options();
        options.Users.Add(Security.ConsoleUser.WithToken("vic", Security.ConsoleRole.Viewer, ViewerToken));
        options.Users.Add(Security.ConsoleUser.WithToken("olga", Security.ConsoleRole.Operator, OperatorToken));
        return options;
    }

    [Fact]
    public async Task A_viewer_cannot_produce_create_reconfigure_or_delete_but_can_search_and_tail()
    {
        const string topic = "viewer-guarded", group = "viewer-guarded-group";
        await fixture.Kafka.CreateTopicsAsync([new Stormline.Testing.TopicSpec(topic)]);
        await CrossSiteTests.CommitAsync(fixture, group, 1);
        await using var host = await ConsoleHost.StartAsync(WithUsers(fixture));
        using var viewer = ConsoleActionHandler.Client(host.Url, ViewerToken);

        var attempts = new Func<Task<HttpResponseMessage>>[]
        {
            () => viewer.PostAsJsonAsync($"api/topics/{topic}/messages", new { key = "k", value = "v" }),
            () => viewer.PostAsJsonAsync("api/topics", new { name = "viewer-made" }),
            () => viewer.PostAsJsonAsync($"api/topics/{topic}/configs", new { changes = new[] { new { name = "retention.ms", value = "1000" } } }),
            () => viewer.DeleteAsync($"api/topics/{topic}"),
            () => viewer.DeleteAsync($"api/groups/{group}"),
        };
        foreach (var attempt in attempts)
        {
            using var refused = await attempt();
            Assert.Contains("viewer", (string?)(await ApiTests.AssertProblemAsync(refused, HttpStatusCode.Forbidden))["detail"], StringComparison.Ordinal);
        }

        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = fixture.Kafka.BootstrapServers }).Build();
        var topics = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Select(t => t.Topic).ToList();
        Assert.Contains(topic, topics);
        Assert.DoesNotContain("viewer-made", topics);
        Assert.Empty(RawRecords.Read(fixture, topic));
        Assert.Equal(1, await CrossSiteTests.CommittedAsync(fixture, group));

        using var search = await viewer.GetAsync($"api/topics/{topic}/search?filter=" + Uri.EscapeDataString("key exists"));
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        using var tail = await SearchAndTailTests.OpenTailAsync(viewer, topic, "?seconds=1");
        await tail.ExpectAsync("ready");

        using var anonymous = new HttpClient { BaseAddress = new Uri(host.Url) };
        using var unauthorized = await anonymous.GetAsync($"api/topics/{topic}/tail", HttpCompletionOption.ResponseHeadersRead);
        await ApiTests.AssertProblemAsync(unauthorized, HttpStatusCode.Unauthorized);
        Assert.Empty(JsonNodeArray(await viewer.GetStringAsync("api/audit")));
    }

    [Fact]
    public async Task Another_site_cannot_produce_or_delete_through_the_console()
    {
        const string topic = "cross-site-guarded";
        await fixture.Kafka.CreateTopicsAsync([new Stormline.Testing.TopicSpec(topic)]);
        using var http = ConsoleActionHandler.Client(fixture.Console.Url);

        using (var produce = new HttpRequestMessage(HttpMethod.Post, $"api/topics/{topic}/messages") { Content = JsonContent.Create(new { value = "evil" }) })
        {
            produce.Headers.Add("Origin", "https://evil.example");
            await ApiTests.AssertProblemAsync(await http.SendAsync(produce), HttpStatusCode.Forbidden);
        }

        using (var delete = new HttpRequestMessage(HttpMethod.Delete, $"api/topics/{topic}"))
        {
            delete.Headers.Add("Sec-Fetch-Site", "cross-site");
            await ApiTests.AssertProblemAsync(await http.SendAsync(delete), HttpStatusCode.Forbidden);
        }

        using var plain = new HttpClient { BaseAddress = new Uri(fixture.Console.Url) };
        using var simple = await plain.PostAsync($"api/topics/{topic}/messages", new StringContent("""{"value":"evil"}""", Encoding.UTF8, "text/plain"));
        await ApiTests.AssertProblemAsync(simple, HttpStatusCode.UnsupportedMediaType);
        using var noJson = await plain.DeleteAsync($"api/topics/{topic}");
        await ApiTests.AssertProblemAsync(noJson, HttpStatusCode.UnsupportedMediaType);
        using var noCsrf = await plain.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"api/topics/{topic}") { Content = JsonContent.Create(new { }) });
        await ApiTests.AssertProblemAsync(noCsrf, HttpStatusCode.Forbidden);

        Assert.Empty(RawRecords.Read(fixture, topic));
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = fixture.Kafka.BootstrapServers }).Build();
        Assert.Contains(admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics, t => t.Topic == topic);
    }

    private static System.Text.Json.Nodes.JsonArray JsonNodeArray(string text) => System.Text.Json.Nodes.JsonNode.Parse(text)!.AsArray();
}
