using System.Text;
using Stormline.Broker.Protocol;
using Stormline.EventSourcing.Streams;
using Stormline.Messaging.Headers;
using Stormline.Messaging.Outbox;
using Stormline.Messaging.Tests.Infrastructure;

namespace Stormline.Messaging.Tests.Faults;

/// <summary>
/// Stormline's own Messaging under the test kit's faults: each test asserts on what ends up on topics and in the
/// store, never on log text.
/// </summary>
public sealed class MessagingUnderFaultsTests
{
    [Fact]
    public async Task Offset_commits_that_fail_after_handling_cause_a_redelivery_that_the_inbox_drops()
    {
        await using var scenario = await FaultScenario.StartAsync(partitions: 1);
        using var producer = OutboxRelay.CreateProducer(scenario.Kafka.BootstrapServers);
        scenario.Kafka.Faults.FailNext(ApiKey.OffsetCommit, 1000, errorCode: 12); // OFFSET_METADATA_TOO_LARGE: not retried, Commit() throws

        await using (scenario.StartConsumer(producer))
        {
            await scenario.ProduceRequest(producer, "o-1");
            await Eventually.True(async () => await scenario.Effects() == 1, "the first request handled");
            await Eventually.True(() => Task.FromResult(scenario.Kafka.Faults.Remaining(ApiKey.OffsetCommit) < 1000), "its commit attempted");
        }

        Assert.Equal(long.MaxValue, await scenario.Kafka.GetGroupLagAsync(FaultScenario.Group)); // nothing was committed
        scenario.Kafka.Faults.Clear();

        // A new consumer starts from the beginning, so o-1 is delivered again; only o-2 may add an effect.
        await using (scenario.StartConsumer(producer))
        {
            await scenario.ProduceRequest(producer, "o-2");
            await scenario.Kafka.WaitForGroupLagAsync(FaultScenario.Group, 0, TimeSpan.FromSeconds(30));
        }

        Assert.Equal(2, await scenario.Effects());
        Assert.Equal(2, await scenario.DistinctEffects());
    }

    [Fact]
    public async Task A_commit_failure_does_not_stop_the_partition()
    {
        await using var scenario = await FaultScenario.StartAsync(partitions: 1);
        using var producer = OutboxRelay.CreateProducer(scenario.Kafka.BootstrapServers);
        scenario.Kafka.Faults.FailNext(ApiKey.OffsetCommit, 1, errorCode: 12); // OFFSET_METADATA_TOO_LARGE: Commit() throws

        await using (scenario.StartConsumer(producer))
        {
            for (var i = 0; i < 5; i++)
            {
                await scenario.ProduceRequest(producer, $"o-{i}");
            }

            await scenario.Kafka.WaitForGroupLagAsync(FaultScenario.Group, 0, TimeSpan.FromSeconds(30));
        }

        Assert.Equal(0, scenario.Kafka.Faults.Remaining(ApiKey.OffsetCommit));
        Assert.Equal(5, await scenario.Effects());
    }

    [Fact]
    public async Task A_forced_rebalance_in_the_middle_of_a_batch_loses_nothing_and_doubles_nothing()
    {
        await using var scenario = await FaultScenario.StartAsync(partitions: 3, handlerDelay: TimeSpan.FromMilliseconds(15));
        using var producer = OutboxRelay.CreateProducer(scenario.Kafka.BootstrapServers);
        const int requests = 90;

        await using (scenario.StartConsumer(producer))
        {
            for (var i = 0; i < requests; i++)
            {
                await scenario.ProduceRequest(producer, $"o-{i % 9}");
            }

            await Eventually.True(async () => await scenario.Effects() >= 10, "the batch under way");
            scenario.Kafka.Faults.ForceRebalance(FaultScenario.Group);
            await scenario.Kafka.WaitForGroupLagAsync(FaultScenario.Group, 0, TimeSpan.FromSeconds(60));
        }

        Assert.Equal(requests, await scenario.Effects());
        Assert.Equal(requests, await scenario.DistinctEffects());
    }

    [Fact]
    public async Task Produce_failures_and_a_broker_outage_lose_no_outbox_row_and_publish_each_once()
    {
        await using var scenario = await FaultScenario.StartAsync(partitions: 3);
        var store = scenario.Store;
        var appended = new List<Guid>();
        async Task Append(int n)
        {
            var id = Guid.NewGuid();
            var stream = StreamName.For("Order", $"o-{n % 5}");
            var last = (await store.GetStreamMetadata(stream, CancellationToken.None))?.LastVersion ?? -1;
            await store.AppendToStream(stream, ExpectedVersion.From(last), [new EventData(id, "OrderCreated", $$"""{"n":{{n}}}""", EventMetadata.Now("corr"))], CancellationToken.None);
            appended.Add(id);
        }

        using var producer = OutboxRelay.CreateProducer(scenario.Kafka.BootstrapServers, c =>
        {
            c.RetryBackoffMs = 50;
            c.ReconnectBackoffMs = 50;
            c.ReconnectBackoffMaxMs = 300;
        });
        var relay = new OutboxRelay(store, producer, new OutboxRelayOptions { Topic = _ => FaultScenario.Topic, Source = "/shop/orders", PollInterval = TimeSpan.FromMilliseconds(50) });
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => relay.Run(stop.Token));

        scenario.Kafka.Faults.FailNext(ApiKey.Produce, 3, errorCode: 6); // NOT_LEADER_OR_FOLLOWER
        for (var n = 0; n < 20; n++)
        {
            await Append(n);
        }

        await Eventually.True(async () => (await store.ReadPending(100, CancellationToken.None)).Count == 0, "the first half published");
        scenario.Kafka.Faults.RefuseConnections(TimeSpan.FromSeconds(2));
        for (var n = 20; n < 40; n++)
        {
            await Append(n);
        }

        await Eventually.True(async () => (await store.ReadPending(100, CancellationToken.None)).Count == 0, "the second half published after the outage", TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await running;

        var records = scenario.Kafka.ConsumeUntilIdle(FaultScenario.Topic, TimeSpan.FromMilliseconds(500));
        var published = records.Select(r => Guid.Parse(Encoding.UTF8.GetString(r.Headers.First(h => h.Key == MessageHeaders.EventId).Value))).ToList();
        Assert.Equal(0, scenario.Kafka.Faults.Remaining(ApiKey.Produce));
        Assert.Equal(appended.Order(), published.Order()); // every row once: none lost, none doubled
        foreach (var key in records.GroupBy(r => r.Key))
        {
            var ns = key.Select(r => int.Parse(r.Value![5..^1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(ns.Order(), ns); // stream order per key
        }
    }
}
