using System.Net;
using System.Text.Json.Nodes;
using Stormline.OpsConsole.Messages;

namespace Stormline.OpsConsole.Tests;

/// <summary>Search by value and header over a real topic, and the live tail's server-sent events: bounds, filter, and release when the client leaves.</summary>
public sealed class SearchAndTailTests(ConsoleFixture fixture)
{
    private readonly HttpClient _http = ConsoleActionHandler.Client(fixture.Console.Url);

    [Fact]
    public async Task Search_finds_messages_by_value_and_header_and_says_how_far_it_read()
    {
        const string topic = "search-events";
        await fixture.Kafka.CreateTopicsAsync([new Stormline.Testing.TopicSpec(topic, 2)]);
        for (var i = 0; i < 40; i++)
        {
            var headers = i % 4 == 0 ? new Dictionary<string, string> { ["traceparent"] = $"00-{i:x32}-{i:x16}-01" } : null;
            await fixture.Kafka.ProduceAsync(topic, $"k{i}", $$"""{"customerId":"c-{{i % 5}}","total":{{i}}}""", headers);
        }

        // c-0 is every fifth message, a traceparent every fourth: both are i % 20 == 0.
        var found = await SearchAsync(topic, """value.customerId == "c-0" && header.traceparent exists""");
        Assert.Equal(["k0", "k20"], found["messages"]!.AsArray().Select(m => (string?)m!["key"]).Order());
        Assert.Equal((40, 40, true), ((int)found["scanned"]!, (int)found["inRange"]!, (bool)found["complete"]!));

        var limited = await SearchAsync(topic, "value.total >= 10", "&limit=3");
        Assert.Equal(3, limited["messages"]!.AsArray().Count);
        Assert.False((bool)limited["complete"]!);
        Assert.All(limited["messages"]!.AsArray(), m => Assert.True((int)m!["value"]!["json"]!["total"]! >= 10));

        using var bad = await _http.GetAsync($"api/topics/{topic}/search?filter=" + Uri.EscapeDataString("value.total >> 3"));
        Assert.Contains("position", (string?)(await ApiTests.AssertProblemAsync(bad, HttpStatusCode.BadRequest))["detail"], StringComparison.Ordinal);
        using var none = await _http.GetAsync($"api/topics/{topic}/search");
        await ApiTests.AssertProblemAsync(none, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_streamed_search_reports_progress_then_the_result()
    {
        const string topic = "search-streamed";
        await fixture.Kafka.CreateTopicsAsync([new Stormline.Testing.TopicSpec(topic)]);
        for (var i = 0; i < 30; i++)
        {
            await fixture.Kafka.ProduceAsync(topic, $"k{i}", $$"""{"n":{{i}}}""");
        }

        using var stream = new SseStream(await _http.SendAsync(EventsRequest($"api/topics/{topic}/search?filter=" + Uri.EscapeDataString("value.n >= 25")), HttpCompletionOption.ResponseHeadersRead));
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
        var first = (await stream.ExpectAsync("progress")).Data!;
        Assert.Equal(30, (long)first["inRange"]!);
        var scanned = (int)first["scanned"]!;
        var result = false;
        while (!result && await stream.NextAsync(TimeSpan.FromSeconds(45)) is var (type, data))
        {
            result = type == "result";
            if (result)
            {
                Assert.Equal(["k25", "k26", "k27", "k28", "k29"], data!["messages"]!.AsArray().Select(m => (string?)m!["key"]));
                Assert.Equal((30, true), ((int)data["scanned"]!, (bool)data["complete"]!));
            }
            else
            {
                Assert.Equal("progress", type);
                Assert.True((int)data!["scanned"]! >= scanned, "progress never goes back");
                scanned = (int)data["scanned"]!;
            }
        }

        Assert.True(result, "the stream ended without a result");
        Assert.Null(await stream.NextAsync(TimeSpan.FromSeconds(30)));
        using var bad = await _http.SendAsync(EventsRequest($"api/topics/{topic}/search?filter=" + Uri.EscapeDataString("n >= 25")));
        await ApiTests.AssertProblemAsync(bad, HttpStatusCode.BadRequest);
    }

    private static HttpRequestMessage EventsRequest(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        return request;
    }

    [Fact]
    public async Task Search_matches_a_masked_field_only_by_its_mask()
    {
        var options = fixture.Options();
        options.MaskedFields.Add("card");
        await using var host = await ConsoleHost.StartAsync(options);
        using var http = ConsoleActionHandler.Client(host.Url);

        var byCard = JsonNode.Parse(await http.GetStringAsync("api/topics/order-events/search?filter=" + Uri.EscapeDataString("""value.card contains "4111" """)))!;
        Assert.Empty(byCard["messages"]!.AsArray());
        var byOrder = JsonNode.Parse(await http.GetStringAsync("api/topics/order-events/search?filter=" + Uri.EscapeDataString($"value.orderId == \"{ConsoleFixture.OrderId}\"")))!;
        var match = Assert.Single(byOrder["messages"]!.AsArray())!;
        Assert.Equal(FieldMask.Masked, (string?)match["value"]!["json"]!["card"]);
    }

    [Fact]
    public async Task Tail_streams_new_matching_messages_then_ends_at_its_limit()
    {
        const string topic = "tail-events";
        await fixture.Kafka.CreateTopicsAsync([new Stormline.Testing.TopicSpec(topic)]);
        await fixture.Kafka.ProduceAsync(topic, "old", "{}");

        using var stream = await OpenTailAsync(_http, topic, "?limit=2&filter=" + Uri.EscapeDataString("""header.event-type == "Shipped" """));
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
        var ready = (await stream.ExpectAsync("ready")).Data!;
        Assert.Equal(1, (long)ready["from"]![0]!["offset"]!); // from the end: the old message is not replayed

        await fixture.Kafka.ProduceAsync(topic, "skipped", "{}", new Dictionary<string, string> { ["event-type"] = "Packed" });
        await fixture.Kafka.ProduceAsync(topic, "first", """{"n":1}""", new Dictionary<string, string> { ["event-type"] = "Shipped" });
        await fixture.Kafka.ProduceAsync(topic, "second", """{"n":2}""", new Dictionary<string, string> { ["event-type"] = "Shipped" });

        Assert.Equal("first", (string?)(await stream.ExpectAsync("message")).Data!["key"]);
        var second = (await stream.ExpectAsync("message")).Data!;
        Assert.Equal(("second", 2), ((string?)second["key"], (int)second["value"]!["json"]!["n"]!));
        var end = (await stream.ExpectAsync("end")).Data!;
        Assert.Equal(("limit", 2), ((string?)end["reason"], (int)end["sent"]!));
        Assert.Null(await stream.NextAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Tails_are_bounded_in_number_and_a_leaving_client_gives_its_slot_back()
    {
        await using var host = await ConsoleHost.StartAsync(fixture.Options());
        using var http = ConsoleActionHandler.Client(host.Url);
        var open = new List<SseStream>();
        for (var i = 0; i < LiveTail.MaxTails; i++)
        {
            open.Add(await OpenTailAsync(http, "payment-events"));
            await open[^1].ExpectAsync("ready");
        }

        using (var refused = await http.GetAsync("api/topics/payment-events/tail", HttpCompletionOption.ResponseHeadersRead))
        {
            await ApiTests.AssertProblemAsync(refused, HttpStatusCode.TooManyRequests);
        }

        // The clients leave without a word: their connections close, the console closes their consumers and frees the slots.
        foreach (var stream in open)
        {
            stream.Dispose();
        }

        using var fresh = new HttpClient(new SocketsHttpHandler()) { BaseAddress = new Uri(host.Url) };
        await Poll.UntilAsync(async () =>
        {
            using var again = await fresh.GetAsync("api/topics/payment-events/tail?limit=1&seconds=1", HttpCompletionOption.ResponseHeadersRead);
            return again.StatusCode == HttpStatusCode.OK;
        }, "a tail is accepted again after the others' clients left");

        using var unknown = await http.GetAsync("api/topics/no-such-topic/tail");
        await ApiTests.AssertProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_tail_ends_at_its_time_bound()
    {
        using var stream = await OpenTailAsync(_http, "delivery-events", "?seconds=1");
        await stream.ExpectAsync("ready");
        var end = (await stream.ExpectAsync("end")).Data!;
        Assert.Equal(("time", 0), ((string?)end["reason"], (int)end["sent"]!));
        Assert.Null(await stream.NextAsync(TimeSpan.FromSeconds(30)));
    }

    internal static async Task<SseStream> OpenTailAsync(HttpClient http, string topic, string query = "")
    {
        var response = await http.GetAsync($"api/topics/{topic}/tail{query}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new SseStream(response);
    }

    private async Task<JsonNode> SearchAsync(string topic, string filter, string more = "")
    {
        using var response = await _http.GetAsync($"api/topics/{topic}/search?filter={Uri.EscapeDataString(filter)}{more}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!;
    }
}
