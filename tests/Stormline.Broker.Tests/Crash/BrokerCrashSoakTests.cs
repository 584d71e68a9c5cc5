namespace Stormline.Broker.Tests.Crash;

/// <summary>
/// The long crash run, 20 kills per flush policy: excluded from the default run (it reports as skipped, never as
/// passed) and run by <c>bench/crash-soak.sh</c>, which sets STORMLINE_CRASH_SOAK=1 and filters on the trait.
/// </summary>
[Trait("Category", "CrashSoak")]
public sealed class BrokerCrashSoakTests
{
    public static bool Enabled => Environment.GetEnvironmentVariable("STORMLINE_CRASH_SOAK") == "1";

    [Theory(Skip = "the crash soak runs only through bench/crash-soak.sh (STORMLINE_CRASH_SOAK=1)", SkipUnless = nameof(Enabled), Timeout = 600_000)]
    [InlineData(null)]
    [InlineData("1")]
    public async Task Every_acknowledged_message_survives_twenty_SIGKILLs_of_the_broker_exactly_once_and_in_order(string? flushMessages)
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("STORMLINE_CRASH_SEED"), out var s) ? s : Environment.TickCount;
        TestContext.Current.TestOutputHelper?.WriteLine($"seed {seed} (STORMLINE_CRASH_SEED={seed} repeats the kill timing), flush.messages={flushMessages ?? "default"}");
        var configs = flushMessages is null ? null : new Dictionary<string, string> { ["flush.messages"] = flushMessages };
        await new CrashScenario(kills: 20, configs, seed: seed).RunAsync();
    }
}
