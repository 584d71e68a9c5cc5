using Stormline.Ops.Collecting;
using Stormline.Ops.Lag;
using Stormline.Ops.Tests.Collecting;
using Stormline.Testing;

namespace Stormline.Ops.Tests.Lag;

/// <summary>The Burrow verdicts on a real group's history, polled from the embedded broker.</summary>
public sealed class LagMonitorTests(SharedKafka shared)
{
    [Fact]
    public async Task A_consumer_that_left_with_lag_is_STOP_and_one_that_caught_up_is_OK()
    {
        var topic = TopicPrefix.Name("stop");
        await shared.Kafka.CreateTopicsAsync([new TopicSpec(topic, 1)]);
        for (var i = 0; i < 10; i++)
        {
            await shared.Kafka.ProduceAsync(topic, "k", $"v{i}");
        }

        using (var leaving = new GroupWorkload(shared.BootstrapServers, topic + "-left", topic))
        {
            leaving.ConsumeAndCommit(3);
        }

        using var caughtUp = new GroupWorkload(shared.BootstrapServers, topic + "-caught-up", topic);
        caughtUp.ConsumeAndCommit(10);

        await using var collector = new ClusterCollector(new ClusterCollectorOptions { BootstrapServers = shared.BootstrapServers });
        using var monitor = new LagMonitor(collector, new LagEvaluator());
        await collector.WaitForSnapshotAsync(
            s => s.FindGroup(topic + "-left") is { Members.Count: 0, Offsets: [{ CommittedOffset: 3 }] } && s.FindGroup(topic + "-caught-up") is { Members.Count: 1, Offsets: [{ CommittedOffset: 10 }] },
            TimeSpan.FromSeconds(30));
        await collector.CollectAsync(); // a second poll: the offset has now been still for longer than it moved within the window

        var left = monitor.Find(topic + "-left");
        Assert.Equal(LagStatus.Err, left.Status); // Burrow's group status for a partition in STOP
        Assert.Equal(LagStatus.Stop, Assert.Single(left.Partitions).Status);
        Assert.Equal(7, left.TotalLag);
        Assert.Equal(LagStatus.Ok, monitor.Find(topic + "-caught-up").Status);
        Assert.Equal(LagStatus.NotFound, monitor.Find(topic + "-nobody").Status);
    }
}
