namespace Stormline.Model.Tests.Cli;

/// <summary>The commands as a user runs them: output, exit codes, and what they say to do next.</summary>
public sealed class ModelCommandTests
{
    private const string Broken = """
        system: s
        contexts:
          order:
            aggregates:
              Order:
                id: orderId
                commands:
                  CreateOrder: { emits: [OrderCreate] }
            events:
              OrderCreate:
                fields: { orderId: string }
        """;

    [Fact]
    public async Task Check_of_the_shop_passes()
    {
        var result = await Stormline.RunAsync("model", "check", ModelText.ShopPath);

        Assert.Equal(0, result.ExitCode);
        Assert.EndsWith(": 0 errors, 0 warnings: ok\n", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_lists_errors_and_warnings_apart_and_fails()
    {
        var path = Stormline.TempFile("broken.storm.yaml", Broken);

        var result = await Stormline.RunAsync("model", "check", path);

        Assert.Equal(1, result.ExitCode);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Errors (1):", lines[0]);
        Assert.StartsWith($"  {path}:10:7: error event-tense: event OrderCreate is not in the past tense", lines[1], StringComparison.Ordinal);
        Assert.Equal("Warnings (2):", lines[2]);
        Assert.StartsWith($"  {path}:8:11: warning unsent-command:", lines[3], StringComparison.Ordinal);
        Assert.StartsWith($"  {path}:10:7: warning unconsumed-event:", lines[4], StringComparison.Ordinal);
        Assert.Equal($"{path}: 1 error, 2 warnings: fix the errors above (warnings do not fail the check)", lines[5]);
    }

    [Fact]
    public async Task Missing_file_says_what_to_pass()
    {
        var result = await Stormline.RunAsync("model", "check", "nowhere.storm.yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nowhere.storm.yaml does not exist; pass the path of a *.storm.yaml model", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreadable_model_points_at_the_format()
    {
        var path = Stormline.TempFile("bad.storm.yaml", "system: s\ncontexts: [\n");

        var result = await Stormline.RunAsync("model", "check", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{path}:3:1: error yaml-syntax:", result.Error, StringComparison.Ordinal);
        Assert.Contains("the format is described in docs/model.md", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Board_writes_one_html_page()
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("stormline-cli-").FullName, "out", "board.html");

        var result = await Stormline.RunAsync("model", "board", ModelText.ShopPath, "--out", output);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("<title>shop · 온라인 쇼핑몰 event storming board</title>", await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_writes_contracts_and_removes_stale_ones()
    {
        var output = Directory.CreateTempSubdirectory("stormline-cli-").FullName;
        var stale = Path.Combine(output, "csharp", "Order", "OrderRenamed.g.cs");
        Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
        await File.WriteAllTextAsync(stale, "// old", TestContext.Current.CancellationToken);

        var result = await Stormline.RunAsync("generate", ModelText.ShopPath, "--out", output);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("15 C# files, 11 JSON Schemas, 11 Avro schemas, asyncapi.json, topics.json", result.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "schemas", "avro", "payment-events-PaymentCompleted.avsc")));
        Assert.True(File.Exists(Path.Combine(output, "topics.json")));
        Assert.False(File.Exists(stale));
    }

    [Fact]
    public async Task Generate_refuses_a_model_with_errors()
    {
        var path = Stormline.TempFile("broken.storm.yaml", Broken);
        var output = Path.Combine(Directory.CreateTempSubdirectory("stormline-cli-").FullName, "gen");

        var result = await Stormline.RunAsync("generate", path, "--out", output);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("has errors, so nothing was generated; fix them (stormline model check", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task Boundaries_of_the_shop_agree_with_the_declared_contexts()
    {
        var result = await Stormline.RunAsync("model", "boundaries", ModelText.ShopPath);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Compared with the declared contexts: the flow agrees with them.", result.Out, StringComparison.Ordinal);
        Assert.Contains("  order ↔ payment:", result.Out, StringComparison.Ordinal);
        Assert.Contains("Aggregate Order (order) takes commands from 3 contexts", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model", "check")]
    [InlineData("model", "boundaries")]
    [InlineData("model", "board")]
    [InlineData("generate")]
    public async Task Every_command_has_help(params string[] command)
    {
        var result = await Stormline.RunAsync([.. command, "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Out, StringComparison.Ordinal);
        Assert.Contains("FILE", result.Out, StringComparison.Ordinal);
    }
}
