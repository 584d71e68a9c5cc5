using System.Net;
using System.Net.Http.Json;
using System.Text;
using Confluent.Kafka;

namespace Stormline.OpsConsole.Tests;

/// <summary>Actions refuse what another web site could send: a foreign Origin or Host, a non-JSON body, no CSRF token.</summary>
public sealed class CrossSiteTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Cross_site_and_simple_posts_are_refused_and_change_nothing()
    {
        const string group = "csrf-group";
        await CommitAsync(fixture, group, 1);
        using var http = ConsoleActionHandler.Client(fixture.Console.Url);
        var reset = $"api/groups/{group}/reset";

        using (var crossOrigin = new HttpRequestMessage(HttpMethod.Post, reset) { Content = JsonContent.Create(new { to = "earliest" }) })
        {
            crossOrigin.Headers.Add("Origin", "https://evil.example");
            var problem = await ApiTests.AssertProblemAsync(await http.SendAsync(crossOrigin), HttpStatusCode.Forbidden);
            Assert.Contains("evil.example", (string?)problem["detail"], StringComparison.Ordinal);
        }

        using (var crossSite = new HttpRequestMessage(HttpMethod.Post, reset) { Content = JsonContent.Create(new { to = "earliest" }) })
        {
            crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
            await ApiTests.AssertProblemAsync(await http.SendAsync(crossSite), HttpStatusCode.Forbidden);
        }

        // What a <form> or a no-preflight fetch can send: text/plain, even with a JSON body and the token.
        using var textPlain = await http.PostAsync(reset, new StringContent("""{"to":"earliest"}""", Encoding.UTF8, "text/plain"));
        await ApiTests.AssertProblemAsync(textPlain, HttpStatusCode.UnsupportedMediaType);

        using var plain = new HttpClient { BaseAddress = new Uri(fixture.Console.Url) };
        using var noToken = await plain.PostAsJsonAsync(reset, new { to = "earliest" });
        await ApiTests.AssertProblemAsync(noToken, HttpStatusCode.Forbidden);
        using var bodylessRedrive = await plain.PostAsync($"api/deadletters/{ConsoleFixture.DeadLetterTopic}/0/0/redrive", null);
        await ApiTests.AssertProblemAsync(bodylessRedrive, HttpStatusCode.UnsupportedMediaType);

        using (var rebound = new HttpRequestMessage(HttpMethod.Get, "api/topics"))
        {
            rebound.Headers.Host = "evil.example:" + new Uri(fixture.Console.Url).Port;
            await ApiTests.AssertProblemAsync(await plain.SendAsync(rebound), HttpStatusCode.BadRequest);
        }

        Assert.Equal(1, await CommittedAsync(fixture, group));

        // The console's own origin with the token and JSON gets through.
        using var sameOrigin = new HttpRequestMessage(HttpMethod.Post, reset) { Content = JsonContent.Create(new { to = "earliest" }) };
        sameOrigin.Headers.Add("Origin", fixture.Console.Url.TrimEnd('/'));
        sameOrigin.Headers.Add("Sec-Fetch-Site", "same-origin");
        using var accepted = await http.SendAsync(sameOrigin);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(0, await CommittedAsync(fixture, group));
    }

    [Theory]
    [InlineData("")]
    [InlineData("api/info")]
    [InlineData("api/no-such-route")]
    public async Task Every_response_forbids_framing_sniffing_and_foreign_scripts(string path)
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.Console.Url) };
        using var response = await http.GetAsync(path);

        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
    }

    /// <summary>In Chromium, what issue 15 describes: a page of another origin posts with a no-preflight fetch and a form.</summary>
    [Fact]
    public async Task A_page_on_another_origin_cannot_reset_through_the_operators_browser()
    {
        const string group = "browser-csrf-group";
        await CrossSiteTests.CommitAsync(fixture, group, 1);
        var console = new Uri(fixture.Console.Url);
        var reset = new Uri(console, $"api/groups/{group}/reset").ToString();
        // A real page of another origin on this machine (localhost, another port): served from loopback, so the
        // browser's private-network rules let it reach the console and the refusal below is the console's own.
        var form = $$"""
            <form method="post" enctype="text/plain" action="{{reset}}"><input name='{"to":"earliest","pad":"' value='"}'></form>
            """;
        using var attacker = AttackerSite.Start(form);

        var page = await fixture.Browser.NewPageAsync();
        await page.GotoAsync(attacker.Url);

        var fetched = page.WaitForResponseAsync(r => r.Url == reset && r.Request.Method == "POST");
        await page.EvaluateAsync($$"""() => fetch('{{reset}}', { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: '{"to":"earliest"}' })""");
        Assert.Equal((int)HttpStatusCode.Forbidden, (await fetched).Status);

        var posted = page.WaitForResponseAsync(r => r.Url == reset && r.Request.Method == "POST");
        await page.EvaluateAsync("() => document.forms[0].submit()");
        Assert.Equal((int)HttpStatusCode.Forbidden, (await posted).Status);

        Assert.Equal(1, await CrossSiteTests.CommittedAsync(fixture, group));
        await page.CloseAsync();
    }

    internal static async Task CommitAsync(ConsoleFixture fixture, string group, long offset)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = fixture.Kafka.BootstrapServers }).Build();
        await admin.AlterConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitionOffsets(group, [new TopicPartitionOffset("payment-events", 0, offset)])]);
    }

    internal static async Task<long> CommittedAsync(ConsoleFixture fixture, string group)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = fixture.Kafka.BootstrapServers }).Build();
        var result = await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, null)]);
        return result.SelectMany(r => r.Partitions).Single(p => p.TopicPartition == new TopicPartition("payment-events", 0)).Offset.Value;
    }
}
