using Stormline.Cli.Schemas;
using Stormline.Model.Generation;
using Stormline.Model.Parsing;
using Stormline.Registry.Tests.Infrastructure;

namespace Stormline.Registry.Tests.Cli;

/// <summary><c>stormline schema diff</c>: the model's schemas against the registered ones, as field-level changes with exit codes for CI.</summary>
public sealed class SchemaDiffTests : IAsyncLifetime
{
    private const string Version1 = ShopModels.Version1;

    private readonly RegistryFixture _registry = new();

    public ValueTask InitializeAsync() => _registry.InitializeAsync();

    public ValueTask DisposeAsync() => _registry.DisposeAsync();

    private static Stormline.Model.Elements.EventModel Parse(string model)
    {
        var parsed = ModelParser.Parse(model, "test.storm.yaml");
        Assert.True(parsed.Succeeded, string.Join("\n", parsed.Diagnostics));
        return parsed.Model!;
    }

    private async Task<(int Exit, string Output, string Error)> DiffAsync(string model, string? onlyEvent = null, string? url = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await SchemaDiff.RunAsync(Parse(model), SchemaFormat.Json, SubjectStrategy.TopicRecord, url ?? _registry.Url, onlyEvent, output, error, TimeSpan.FromSeconds(30));
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Unregistered_events_are_new_then_same_after_register_and_changed_fields_show_with_the_levels_they_break()
    {
        var (exit, output, _) = await DiffAsync(Version1);
        Assert.Equal(1, exit);
        Assert.Contains("order-events-OrderCreated: not registered", output, StringComparison.Ordinal);

        Assert.Equal(0, await SchemaSync.RunAsync(Parse(Version1), SchemaFormat.Json, SubjectStrategy.TopicRecord, _registry.Url, register: true, TextWriter.Null, TextWriter.Null, TimeSpan.FromSeconds(30)));
        (exit, output, _) = await DiffAsync(Version1);
        Assert.Equal(0, exit);
        Assert.Contains("order-events-OrderCreated: same as version 1", output, StringComparison.Ordinal);
        Assert.Contains("2 same, 0 different or new", output, StringComparison.Ordinal);

        var withNote = Version1.Replace("{ orderId: string, total: decimal }", "{ orderId: string, total: decimal, note: string? }", StringComparison.Ordinal);
        (exit, output, _) = await DiffAsync(withNote, onlyEvent: "OrderCreated");
        Assert.Equal(1, exit);
        Assert.Contains("order-events-OrderCreated: version 1 → the model's OrderCreated, subject level BACKWARD", output, StringComparison.Ordinal);
        Assert.Matches(@"added +note +anyOf\[string, null\]", output);
        Assert.Contains("breaks FORWARD, FULL", output, StringComparison.Ordinal); // the generated model is closed: old readers refuse 'note'
        Assert.Contains("FORWARD: PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", output, StringComparison.Ordinal);
        Assert.DoesNotContain("OrderCancelled", output, StringComparison.Ordinal);

        var retyped = Version1.Replace("{ orderId: string, reason: string }", "{ orderId: string, reason: int }", StringComparison.Ordinal);
        (exit, output, _) = await DiffAsync(retyped, onlyEvent: "OrderCancelled");
        Assert.Equal(1, exit);
        Assert.Matches(@"type-changed +reason +string, required → integer, required", output);
        Assert.Contains("breaks BACKWARD, FORWARD, FULL", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_event_and_an_unreachable_registry_say_what_to_do()
    {
        var (exit, _, error) = await DiffAsync(Version1, onlyEvent: "OrderShipped");
        Assert.Equal(2, exit);
        Assert.Contains("no event 'OrderShipped'", error, StringComparison.Ordinal);

        (exit, _, error) = await DiffAsync(Version1, url: "http://127.0.0.1:1");
        Assert.Equal(3, exit);
        Assert.Contains("cannot reach the schema registry", error, StringComparison.Ordinal);
    }
}
