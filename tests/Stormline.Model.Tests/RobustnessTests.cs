using Stormline.Model.Board;
using Stormline.Model.Checking;
using Stormline.Model.Flow;
using Stormline.Model.Parsing;

namespace Stormline.Model.Tests;

/// <summary>Bad input is reported, never thrown: every command runs on half-written models too.</summary>
public sealed class RobustnessTests
{
    public static TheoryData<string> OddModels() =>
    [
        "system: [a, b]\ncontexts: 5",
        "- just\n- a list",
        "system: s\ncontexts:\n  order:\n    aggregates: [Order, Order]\n    events: { E: ~ }",
        "system: s\ncontexts:\n  order:\n    aggregates:\n      Order: { id: [x], commands: { DoIt: { emits: { a: b } } } }",
        "system: s\ncontexts:\n  a: &ctx { events: { X: { fields: { f: *missing } } } }",
        "system: s\ncontexts:\n  a: &ctx { events: { ThingHappened: { fields: { f: string } } } }\n  b: *ctx",
        "system: s\ncontexts:\n  a:\n    policies: [ { when: X }, 7, [1] ]\n    hotspots: [ 'why?', { about: Y }, [z] ]",
        "system: s\ncontexts:\n  a:\n    topic: { eventsPerSecond: lots, retention: 3 fortnights, partitions: -1, cleanupPolicy: shred }",
        "system: s\n\tcontexts: {}",
        "system: s\ncontexts:\n  a:\n    aggregates:\n      A:\n        id: aId\n        commands:\n          Loop: { emits: [Looped] }\n    events: { Looped: { fields: { aId: string } } }\n    policies: [ { when: Looped, then: Loop } ]",
    ];

    [Theory]
    [MemberData(nameof(OddModels))]
    public void Odd_models_are_reported_not_thrown(string yaml)
    {
        var parsed = ModelParser.Parse(yaml, "odd.storm.yaml");

        Assert.All(parsed.Diagnostics, d => Assert.Equal("odd.storm.yaml", d.Location.File));
        if (parsed.Model is { } model)
        {
            ModelChecker.Check(model);
            BoardRenderer.Render(BoardPlanner.Plan(model));
            BoundaryAnalyzer.Analyze(model);
        }
    }

    [Fact]
    public void A_model_with_dangling_references_is_still_drawn_whole()
    {
        var model = ModelText.Parse("""
            system: s
            contexts:
              order:
                aggregates:
                  Order:
                    id: orderId
                    commands: { CreateOrder: { actor: Nobody, emits: [OrderCreated, Ghost], calls: [Nowhere] } }
                events:
                  OrderCreated: { fields: { orderId: string } }
                policies:
                  - { when: Phantom, then: CreateOrder }
                hotspots: [ { about: Missing, text: 누구? } ]
            """);

        var html = BoardRenderer.Render(BoardPlanner.Plan(model));

        Assert.Contains("data-name=\"CreateOrder\"", html, StringComparison.Ordinal);
        Assert.Contains("data-name=\"WhenPhantomThenCreateOrder\"", html, StringComparison.Ordinal);
        Assert.Contains("data-name=\"누구?\"", html, StringComparison.Ordinal);
        Assert.Contains(ModelChecker.Check(model), d => d.Code == "unknown-event" && d.Message.Contains("Ghost", StringComparison.Ordinal));
    }

    [Fact]
    public void Enum_without_symbols_is_an_error()
    {
        var found = ModelText.Check("""
            system: s
            contexts:
              order:
                types:
                  Status: { enum: [] }
            """);

        Assert.Equal("test.storm.yaml:5:7: error empty-enum: enum Status has no symbols; list them, e.g. 'enum: [Pending, Done]'", ModelText.Single(found));
    }
}
