namespace Stormline.Broker.Tests.Crash;

public sealed class BrokerCrashTests
{
    [Fact]
    public async Task Every_acknowledged_message_survives_three_SIGKILLs_of_the_broker_exactly_once_and_in_order() =>
        await new CrashScenario(kills: 3).RunAsync();

    /// <summary>
    /// With an fsync before every answer, a batch is often written but not yet acknowledged when the kill lands, so
    /// the producer's retry after the restart meets the recovered producer state and must be answered as a duplicate.
    /// </summary>
    [Fact]
    public async Task Retries_of_batches_written_just_before_a_SIGKILL_are_not_stored_twice() =>
        await new CrashScenario(kills: 3, new Dictionary<string, string> { ["flush.messages"] = "1" }).RunAsync();
}
