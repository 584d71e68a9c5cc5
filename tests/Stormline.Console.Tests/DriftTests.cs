using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Stormline.OpsConsole.Tests;

/// <summary>
/// The drift page and its API: the same check as <c>stormline model drift</c>, against the seeded cluster (whose
/// registry holds an OrderCreated that is not the model's) plus a topic made by hand carrying an event type no
/// context has.
/// </summary>
public sealed class DriftTests(ConsoleFixture fixture)
{
    private const string HandMadeTopic = "drift-handmade";

    [Fact]
    public async Task Api_names_a_hand_made_topic_its_unknown_event_type_a_missing_dead_letter_topic_and_a_schema_that_differs()
    {
        await fixture.Kafka.CreateTopicsAsync([new Stormline.Testing.TopicSpec(HandMadeTopic)]);
        await fixture.Kafka.ProduceAsync(HandMadeTopic, "k", "{}", new Dictionary<string, string> { ["event-type"] = "InvoiceMailed" });

        // idleMinutes other than the page's default: a report the page may have had kept for a few seconds is not reused.
        using var http = ConsoleActionHandler.Client(fixture.Console.Url);
        using var response = await http.GetAsync("api/model/drift?idleMinutes=30");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        var report = JsonNode.Parse(text)!;

        Assert.True((bool)report["drift"]!);
        Assert.Contains(report["unplannedTopics"]!.AsArray(), t => (string?)t == HandMadeTopic);
        Assert.Contains(report["unknownEventTypes"]!.AsArray(), u => (string?)u!["topic"] == HandMadeTopic && (string?)u["eventType"] == "InvoiceMailed");
        Assert.Contains(report["missingTopics"]!.AsArray(), t => (string?)t == "payment-events.dlq");
        // The registry holds Avro under TopicRecordNameStrategy, so the model's Avro subjects are the ones compared.
        var created = Assert.Single(report["differingSchemas"]!.AsArray(), d => (string?)d!["subject"] == "order-events-shop.order.OrderCreated")!;
        Assert.NotNull((int?)created["registeredVersion"]);
        Assert.DoesNotContain(report["unknownSubjects"]!.AsArray(), s => (string?)s == "order-events-shop.order.OrderCreated");
    }

    [Fact]
    public async Task Api_refuses_an_idle_threshold_out_of_range_with_a_problem()
    {
        using var http = ConsoleActionHandler.Client(fixture.Console.Url);
        using var response = await http.GetAsync("api/model/drift?idleMinutes=0");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("idleMinutes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_shows_the_verdict_and_one_section_per_kind_of_drift()
    {
        var (page, errors) = await fixture.OpenAsync(fixture.Console, "#/drift");
        await Assertions.Expect(page.Locator("[data-testid=drift-verdict]")).ToContainTextAsync("kind(s) of drift");
        var kinds = int.Parse((await page.Locator("[data-testid=drift-verdict]").TextContentAsync())!.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(page.Locator("[data-testid=drift-section]")).ToHaveCountAsync(kinds);
        await Assertions.Expect(page.Locator("[data-testid=drift-section]", new() { HasText = "Schemas that differ" })).ToContainTextAsync("order-events-shop.order.OrderCreated");
        await ConsoleFixture.ScreenshotAsync(page, "drift");
        Assert.Empty(await page.Locator(".error").AllAsync());
        Assert.Empty(errors);
        await page.CloseAsync();
    }
}
