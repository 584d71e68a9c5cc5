using Stormline.Cli;
using Stormline.Cli.Schemas;
using Stormline.Model.Generation;
using Stormline.Model.Parsing;
using Stormline.Registry.Tests.Infrastructure;

namespace Stormline.Registry.Tests.Cli;

/// <summary><c>stormline schema check|register</c> against an in-process registry: verdicts, exit codes and reasons for CI.</summary>
public sealed class SchemaCommandTests : IAsyncLifetime
{
    private const string Version1 = ShopModels.Version1;

    private static readonly string AddedOptionalNote = Version1.Replace("{ orderId: string, total: decimal }", "{ orderId: string, total: decimal, note: string? }");
    private static readonly string RemovedReason = Version1.Replace("{ orderId: string, reason: string }", "{ orderId: string }");
    private static readonly string AddedRequiredCurrency = Version1.Replace("{ orderId: string, total: decimal }", "{ orderId: string, total: decimal, currency: string }");

    private readonly RegistryFixture _registry = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "stormline-schema-cli-" + Guid.NewGuid().ToString("N"));

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        await _registry.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _registry.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(string model, bool register, SchemaFormat format = SchemaFormat.Json,
        SubjectStrategy strategy = SubjectStrategy.TopicRecord, string? url = null)
    {
        var parsed = ModelParser.Parse(model, "test.storm.yaml");
        Assert.True(parsed.Succeeded, string.Join("\n", parsed.Diagnostics));
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await SchemaSync.RunAsync(parsed.Model!, format, strategy, url ?? _registry.Url, register, output, error, TimeSpan.FromSeconds(30));
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Register_prints_ids_and_a_compatible_change_passes_check_and_becomes_version_2()
    {
        var (exit, output, _) = await RunAsync(Version1, register: true);
        Assert.Equal(0, exit);
        Assert.Matches(@"order-events-OrderCreated\s+1\s+\d+\s+registered", output);
        Assert.Matches(@"order-events-OrderCancelled\s+1\s+\d+\s+registered", output);

        (exit, output, _) = await RunAsync(AddedOptionalNote, register: false);
        Assert.Equal(0, exit);
        Assert.Matches(@"order-events-OrderCreated\s+1\s+BACKWARD\s+compatible", output);
        Assert.Matches(@"order-events-OrderCancelled\s+1\s+BACKWARD\s+unchanged", output);
        Assert.Contains("1 unchanged, 1 compatible, 0 new, 0 breaking", output);

        (exit, _, _) = await RunAsync(AddedOptionalNote, register: true);
        Assert.Equal(0, exit);
        Assert.Equal("[1,2]", (await _registry.GetAsync("/subjects/order-events-OrderCreated/versions")).Body!.ToJsonString());
    }

    [Fact]
    public async Task A_removed_required_field_breaks_BACKWARD_names_the_field_exits_1_and_registers_nothing()
    {
        Assert.Equal(0, (await RunAsync(Version1, register: true)).Exit);

        var (exit, output, error) = await RunAsync(RemovedReason, register: false);
        Assert.Equal(ExitCodes.Findings, exit);
        Assert.Matches(@"order-events-OrderCancelled\s+1\s+BACKWARD\s+BREAKING", output);
        Assert.Contains("    - PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL: ", output);
        Assert.Contains("property 'reason'", output);
        Assert.Contains("1 schema change(s) would break", error);

        (exit, _, error) = await RunAsync(RemovedReason, register: true);
        Assert.Equal(ExitCodes.Findings, exit);
        Assert.Contains("nothing was registered", error);
        Assert.Equal("[1]", (await _registry.GetAsync("/subjects/order-events-OrderCancelled/versions")).Body!.ToJsonString());
    }

    [Fact]
    public async Task An_Avro_field_added_without_a_default_breaks_BACKWARD_and_is_named()
    {
        Assert.Equal(0, (await RunAsync(Version1, register: true, SchemaFormat.Avro)).Exit);

        var (exit, output, _) = await RunAsync(AddedRequiredCurrency, register: false, SchemaFormat.Avro);

        Assert.Equal(ExitCodes.Findings, exit);
        Assert.Matches(@"order-events-shop.order.OrderCreated\s+1\s+BACKWARD\s+BREAKING", output);
        Assert.Contains("READER_FIELD_MISSING_DEFAULT_VALUE", output);
        Assert.Contains("currency", output);
    }

    [Fact]
    public async Task Subject_strategies_name_subjects_like_Confluents_and_refuse_two_event_types_in_one_subject()
    {
        var (exit, _, error) = await RunAsync(Version1, register: true, strategy: SubjectStrategy.Topic);
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("subject order-events-value would hold 2 event types (OrderCreated, OrderCancelled)", error);

        var single = Version1.Replace("          CancelOrder: { emits: [OrderCancelled] }\n", "").Replace("      OrderCancelled:\n        fields: { orderId: string, reason: string }", "");
        Assert.Equal(0, (await RunAsync(single, register: true, strategy: SubjectStrategy.Topic)).Exit);
        Assert.Equal(200, (await _registry.GetAsync("/subjects/order-events-value/versions/1")).Status);

        Assert.Equal(0, (await RunAsync(Version1, register: true, SchemaFormat.Avro, SubjectStrategy.Record)).Exit);
        Assert.Equal(200, (await _registry.GetAsync("/subjects/shop.order.OrderCancelled/versions/1")).Status);
    }

    [Fact]
    public async Task An_unreachable_registry_is_a_clear_message_and_exit_code_3()
    {
        var (exit, _, error) = await RunAsync(Version1, register: false, url: "http://127.0.0.1:1");

        Assert.Equal(ExitCodes.Unreachable, exit);
        Assert.Contains("cannot reach the schema registry at http://127.0.0.1:1", error);
        Assert.Contains("stormline registry", error);
    }

    [Fact]
    public async Task The_command_line_exits_non_zero_for_a_breaking_change()
    {
        Assert.Equal(0, (await RunAsync(Version1, register: true)).Exit);
        var model = Path.Combine(_directory, "shop.storm.yaml");
        await File.WriteAllTextAsync(model, RemovedReason);

        var (exit, output, error) = await StormlineProcess.RunAsync("schema", "check", "--registry", _registry.Url, "--model", model);

        Assert.Equal(1, exit);
        Assert.Contains("BREAKING", output);
        Assert.Contains("would break", error);
    }
}
