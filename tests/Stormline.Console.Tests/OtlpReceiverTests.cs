using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Stormline.OpsConsole.Tests;

/// <summary>Spans exported to the console over OTLP/HTTP show up in the order journey, under the trace its events carry.</summary>
public sealed class OtlpReceiverTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Spans_received_over_otlp_appear_in_the_order_journey()
    {
        var start = DateTimeOffset.UtcNow.AddSeconds(-2);
        var body = OtlpRequest.Traces(
            new OtlpRequest.Span("Shop.Orders", ConsoleFixture.TraceId, "00f067aa0ba902a1", null, "POST /orders", 2, start, TimeSpan.FromMilliseconds(40)),
            new OtlpRequest.Span("Shop.Orders", ConsoleFixture.TraceId, "00f067aa0ba902b1", "00f067aa0ba902a1", "send order-events", 4, start.AddMilliseconds(10), TimeSpan.FromMilliseconds(5)),
            new OtlpRequest.Span("Shop.Payments", ConsoleFixture.TraceId, "00f067aa0ba902c1", "00f067aa0ba902b1", "process order-events", 5, start.AddMilliseconds(60), TimeSpan.FromMilliseconds(30), Error: true),
            new OtlpRequest.Span("Shop.Payments", "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", null, "another trace", 1, start, TimeSpan.FromMilliseconds(1)));
        using var http = new HttpClient { BaseAddress = new Uri(fixture.Console.Url) };
        using var content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/x-protobuf") } };
        using var exported = await http.PostAsync("v1/traces", content);
        Assert.Equal(HttpStatusCode.OK, exported.StatusCode);

        var journey = JsonNode.Parse(await http.GetStringAsync("api/journey/" + ConsoleFixture.OrderId))!;
        var trace = journey["traces"]!.AsArray().Single()!;
        Assert.Equal(ConsoleFixture.TraceId, (string?)trace["traceId"]);
        var spans = trace["spans"]!.AsArray();
        Assert.Equal(["POST /orders", "send order-events", "process order-events"], spans.Select(s => (string?)s!["name"]));
        Assert.Equal(["Shop.Orders", "Shop.Orders", "Shop.Payments"], spans.Select(s => (string?)s!["service"]));
        Assert.Equal(["server", "producer", "consumer"], spans.Select(s => (string?)s!["kind"]));
        Assert.Equal("00f067aa0ba902b1", (string?)spans[2]!["parentSpanId"]);
        Assert.Equal(30, (double)spans[2]!["durationMs"]!, precision: 3);
        Assert.True((bool)spans[2]!["error"]!);
        Assert.Equal("kafka", (string?)spans[1]!["attributes"]!["messaging.system"]);

        var (page, errors) = await fixture.OpenAsync(fixture.Console, "#/journey/" + ConsoleFixture.OrderId);
        await Assertions.Expect(page.Locator("[data-testid=trace] tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("[data-testid=trace] tr.span-error")).ToContainTextAsync("process order-events");
        await ConsoleFixture.ScreenshotAsync(page, "journey-trace");
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_malformed_otlp_body_is_a_400_and_metrics_and_logs_are_accepted()
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.Console.Url) };
        using var truncated = new ByteArrayContent([0x0A, 0x7F, 0x01]) { Headers = { ContentType = new MediaTypeHeaderValue("application/x-protobuf") } };
        await ApiTests.AssertProblemAsync(await http.PostAsync("v1/traces", truncated), HttpStatusCode.BadRequest);
        using var metrics = new ByteArrayContent([]) { Headers = { ContentType = new MediaTypeHeaderValue("application/x-protobuf") } };
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("v1/metrics", metrics)).StatusCode);
    }
}
