using Stormline.Broker.Protocol;
using Stormline.Messaging.Consuming;
using Stormline.Messaging.Headers;
using Stormline.Messaging.Outbox;
using Stormline.Messaging.Tests.Infrastructure;

namespace Stormline.Messaging.Tests.Faults;

/// <summary>Transient failures wait, permanent ones are dead-lettered at once, and a dead letter is never lost.</summary>
public sealed class FailureKindTests
{
    [Fact]
    public async Task A_transient_failure_is_retried_for_as_long_as_it_lasts_and_never_dead_lettered()
    {
        await using var scenario = await FaultScenario.StartAsync(partitions: 1);
        var attempts = 0;
        // Far more attempts than MaxRetries (2): a store that is away for a while is not a reason to give up.
        scenario.Failure = order => order == "o-1" && Interlocked.Increment(ref attempts) <= 8 ? new TimeoutException("the store did not answer") : null;
        using var producer = OutboxRelay.CreateProducer(scenario.Kafka.BootstrapServers);

        await using (scenario.StartConsumer(producer))
        {
            await scenario.ProduceRequest(producer, "o-1");
            await scenario.ProduceRequest(producer, "o-2");
            await scenario.Kafka.WaitForGroupLagAsync(FaultScenario.Group, 0, TimeSpan.FromSeconds(60));
        }

        Assert.True(attempts > 8);
        Assert.Equal(2, await scenario.Effects());
        Assert.Empty(scenario.Kafka.ConsumeUntilIdle(FaultScenario.Topic + ".dlq", TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task A_permanent_failure_is_dead_lettered_at_once_with_who_gave_up_and_why()
    {
        await using var scenario = await FaultScenario.StartAsync(partitions: 1);
        var attempts = 0;
        scenario.Failure = order =>
        {
            if (order != "poison") return null;
            Interlocked.Increment(ref attempts);
            return new UnprocessableEventException("order poison refers to no customer");
        };
        using var producer = OutboxRelay.CreateProducer(scenario.Kafka.BootstrapServers);

        await using (scenario.StartConsumer(producer))
        {
            await scenario.ProduceRequest(producer, "o-1");
            await scenario.ProduceRequest(producer, "poison");
            await scenario.ProduceRequest(producer, "o-2");
            await scenario.Kafka.WaitForGroupLagAsync(FaultScenario.Group, 0, TimeSpan.FromSeconds(30));
        }

        var dead = Assert.Single(scenario.Kafka.ConsumeUntilIdle(FaultScenario.Topic + ".dlq", TimeSpan.FromSeconds(1)));
        Assert.Equal("poison", dead.Key);
        Assert.Equal("permanent", dead.Header(DeadLetterHeaders.ErrorClass));
        Assert.Equal(FaultScenario.Group, dead.Header(DeadLetterHeaders.ConsumerGroup));
        Assert.Equal("order poison refers to no customer", dead.Header(DeadLetterHeaders.Error));
        Assert.Equal("1", dead.Header(DeadLetterHeaders.OriginalOffset));
        Assert.Equal(2, attempts); // once in the batch, once alone: no retries for a permanent failure
        Assert.Equal(2, await scenario.Effects()); // the rest of the batch committed
    }

    [Fact]
    public async Task A_dead_letter_that_the_broker_refuses_is_produced_again_and_nothing_is_lost()
    {
        await using var scenario = await FaultScenario.StartAsync(partitions: 1);
        scenario.Failure = order => order == "poison" ? new UnprocessableEventException("never") : null;
        using var producer = OutboxRelay.CreateProducer(scenario.Kafka.BootstrapServers);
        await scenario.ProduceRequest(producer, "poison");
        await scenario.ProduceRequest(producer, "o-1");
        scenario.Kafka.Faults.FailNext(ApiKey.Produce, 3, errorCode: 10); // MESSAGE_TOO_LARGE: the client does not retry it

        await using (scenario.StartConsumer(producer))
        {
            await scenario.Kafka.WaitForGroupLagAsync(FaultScenario.Group, 0, TimeSpan.FromSeconds(60));
        }

        Assert.Equal(0, scenario.Kafka.Faults.Remaining(ApiKey.Produce));
        var dead = Assert.Single(scenario.Kafka.ConsumeUntilIdle(FaultScenario.Topic + ".dlq", TimeSpan.FromSeconds(1)));
        Assert.Equal("poison", dead.Key);
        Assert.Equal(1, await scenario.Effects());
    }
}
