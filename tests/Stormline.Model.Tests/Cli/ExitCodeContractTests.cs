namespace Stormline.Model.Tests.Cli;

/// <summary>
/// The exit-code contract every command keeps (0 ok, 1 findings, 2 usage, 3 unreachable): each command fed malformed
/// and out-of-range options exits 2 with a message and no stack trace; each that calls a server exits 3 when none answers.
/// </summary>
public sealed class ExitCodeContractTests
{
    public static TheoryData<string[]> BadUsage()
    {
        var shop = ModelText.ShopPath;
        return new()
        {
            new[] { "frobnicate" },
            new[] { "broker", "--port", "70000" },
            new[] { "broker", "--port", "abc" },
            new[] { "broker", "--config", "no-equals-sign" },
            new[] { "broker", "--nope" },
            new[] { "registry", "--port", "70000" },
            new[] { "registry", "--port", "-1" },
            new[] { "console", "--port", "70000" },
            new[] { "console", "--poll-seconds", "0" },
            new[] { "model", "check" },
            new[] { "model", "check", "nowhere.storm.yaml" },
            new[] { "model", "boundaries", shop, "--max-sender-contexts", "-1" },
            new[] { "model", "board", shop, "--out" },
            new[] { "generate", "nowhere.storm.yaml" },
            new[] { "schema", "check", "--model", shop, "--format", "xml" },
            new[] { "schema", "register", "--model", shop, "--subject-strategy", "nope" },
            new[] { "schema", "diff" },
            new[] { "schema", "diff", "--model", shop, "--registry", "not a url" },
            new[] { "topics", "plan", shop },
            new[] { "topics", "plan", shop, "-b", "127.0.0.1:1", "--min-partitions", "abc" },
            new[] { "topics", "apply", shop, "-b", "127.0.0.1:1", "--replication-factor", "99999" },
            new[] { "ops", "rules", "--disk-free-percent", "150" },
            new[] { "ops", "rules", "--outbox-max-age", "0" },
            new[] { "up", "--broker-port", "70000" },
            new[] { "up", "--console-port", "x" },
            new[] { "load", "--orders", "abc" },
            new[] { "load", "--decline-percent", "200" },
            new[] { "load", "--settle-seconds", "-5" },
            new[] { "forget" },
            new[] { "forget", "--subject", "  " },
            new[] { "forget", "--subject", "c-1", "--service", "not-a-service" },
        };
    }

    [Theory]
    [MemberData(nameof(BadUsage))]
    public async Task Bad_options_exit_2_with_a_message_and_no_stack_trace(string[] args)
    {
        var result = await Stormline.RunAsync(args);

        Assert.True(result.ExitCode == 2, $"stormline {string.Join(' ', args)} exited {result.ExitCode}: {result.Error}");
        Assert.Contains("stormline", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error + result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Error + result.Out, StringComparison.Ordinal);
    }

    public static TheoryData<string[]> NoServer()
    {
        var shop = ModelText.ShopPath;
        return new()
        {
            new[] { "schema", "check", "--model", shop, "--registry", "http://127.0.0.1:1" },
            new[] { "schema", "diff", "--model", shop, "--registry", "http://127.0.0.1:1" },
            new[] { "topics", "plan", shop, "--bootstrap", "127.0.0.1:1" },
            new[] { "forget", "--subject", "c-1", "--service", "http://127.0.0.1:1" },
        };
    }

    [Theory]
    [MemberData(nameof(NoServer))]
    public async Task A_server_that_cannot_be_reached_is_exit_3(string[] args)
    {
        var result = await Stormline.RunAsync(args);

        Assert.True(result.ExitCode == 3, $"stormline {string.Join(' ', args)} exited {result.ExitCode}: {result.Error}");
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_is_not_an_error()
    {
        Assert.Equal(0, (await Stormline.RunAsync("--help")).ExitCode);
        Assert.Equal(0, (await Stormline.RunAsync("schema", "diff", "--help")).ExitCode);
        Assert.Equal(0, (await Stormline.RunAsync("forget", "--help")).ExitCode);
    }
}
