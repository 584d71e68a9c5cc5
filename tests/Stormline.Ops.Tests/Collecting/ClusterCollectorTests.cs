using Stormline.Ops.Collecting;
using Stormline.Testing;

namespace Stormline.Ops.Tests.Collecting;

public sealed class ClusterCollectorTests(SharedKafka shared)
{
    private ClusterCollector NewCollector(int historySize = 10) =>
        new(new ClusterCollectorOptions { BootstrapServers = shared.BootstrapServers, HistorySize = historySize, PollInterval = TimeSpan.FromMilliseconds(200) });

    [Fact]
    public async Task Snapshot_lists_the_broker_and_each_partition_with_leader_replicas_and_offsets()
    {
        var topic = TopicPrefix.Name("orders");
        await shared.Kafka.CreateTopicsAsync([new TopicSpec(topic, 3)]);
        for (var i = 0; i < 7; i++)
        {
            var delivered = await shared.Kafka.ProduceAsync(topic, $"k{i}", "v");
            Assert.NotNull(delivered);
        }

        await using var collector = NewCollector();
        var snapshot = await collector.CollectAsync();

        var broker = Assert.Single(snapshot.Brokers);
        Assert.Equal(shared.BootstrapServers, broker.Address);
        var found = snapshot.FindTopic(topic);
        Assert.NotNull(found);
        Assert.Equal([0, 1, 2], found.Partitions.Select(p => p.Id));
        Assert.All(found.Partitions, p =>
        {
            Assert.Equal(broker.Id, p.Leader);
            Assert.Equal([broker.Id], p.Replicas);
            Assert.Equal([broker.Id], p.InSyncReplicas);
            Assert.Equal(0, p.EarliestOffset);
            Assert.False(p.IsUnderReplicated);
        });
        Assert.Equal(7, found.Partitions.Sum(p => p.LatestOffset));
        Assert.Equal(7, found.MessageCount);
        Assert.DoesNotContain(snapshot.Topics, t => t.Name.StartsWith("__", StringComparison.Ordinal));
        Assert.Same(snapshot, collector.Latest);
    }

    [Fact]
    public async Task Group_shows_state_members_assignment_committed_offsets_and_lag()
    {
        var topic = TopicPrefix.Name("payments");
        var group = topic + "-group";
        await shared.Kafka.CreateTopicsAsync([new TopicSpec(topic, 1)]);
        for (var i = 0; i < 10; i++)
        {
            await shared.Kafka.ProduceAsync(topic, "k", $"v{i}");
        }

        using var workload = new GroupWorkload(shared.BootstrapServers, group, topic);
        workload.ConsumeAndCommit(4);

        await using var collector = NewCollector();
        var snapshot = await collector.WaitForSnapshotAsync(s => s.FindGroup(group) is { State: GroupState.Stable, Offsets: [{ CommittedOffset: 4 }] }, TimeSpan.FromSeconds(30));

        var seen = snapshot.FindGroup(group)!;
        var member = Assert.Single(seen.Members);
        Assert.Equal("workload", member.ClientId);
        Assert.Equal([new TopicPartitionKey(topic, 0)], member.Assignment);
        var offset = Assert.Single(seen.Offsets);
        Assert.Equal(10, offset.LatestOffset);
        Assert.Equal(6, offset.Lag);
        Assert.Equal(6, seen.TotalLag);
        Assert.Equal(6, seen.LagByTopic()[topic]);
        Assert.Equal("range", seen.PartitionAssignor, ignoreCase: true);
    }

    [Fact]
    public async Task Topic_configs_are_read_on_demand_and_an_unknown_topic_gives_null()
    {
        var topic = TopicPrefix.Name("configs");
        await shared.Kafka.CreateTopicsAsync([new TopicSpec(topic, 1)]);
        await using var collector = NewCollector();

        var configs = await collector.DescribeTopicConfigsAsync(topic);
        Assert.NotNull(configs);
        Assert.Contains(configs, c => c.Name == "retention.ms" && !string.IsNullOrEmpty(c.Value));
        Assert.Contains(configs, c => c.Name == "cleanup.policy" && c.Value == "delete");

        Assert.Null(await collector.DescribeTopicConfigsAsync(TopicPrefix.Name("missing")));
    }

    [Fact]
    public async Task Polling_loop_fills_a_bounded_history_oldest_first()
    {
        await using var collector = NewCollector(historySize: 3);
        var seen = 0;
        collector.SnapshotCollected += _ => Interlocked.Increment(ref seen);
        collector.Start();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Volatile.Read(ref seen) < 5)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {seen} polls in 30 s");
            await Task.Delay(50);
        }

        await collector.StopAsync();
        var history = collector.History.ToList();
        Assert.Equal(3, history.Count);
        Assert.True(history[0].TakenAt < history[1].TakenAt && history[1].TakenAt < history[2].TakenAt);
        Assert.Same(history[^1], collector.Latest);
    }

    [Fact]
    public async Task An_unreachable_cluster_fails_the_poll_and_records_why()
    {
        await using var collector = new ClusterCollector(new ClusterCollectorOptions { BootstrapServers = "127.0.0.1:1", RequestTimeout = TimeSpan.FromSeconds(2) });

        await Assert.ThrowsAnyAsync<Exception>(() => collector.CollectAsync());

        Assert.NotNull(collector.LastError);
        Assert.Null(collector.Latest);
    }

    [Fact]
    public async Task Unchanged_topics_and_partitions_are_shared_with_the_previous_snapshot()
    {
        var topic = TopicPrefix.Name("shared");
        await shared.Kafka.CreateTopicsAsync([new TopicSpec(topic, 2)]);
        await using var collector = NewCollector();
        var first = await collector.WaitForSnapshotAsync(s => s.FindTopic(topic) is not null, TimeSpan.FromSeconds(30));

        var second = await collector.CollectAsync();
        Assert.Same(first.FindTopic(topic), second.FindTopic(topic));

        var written = await shared.Kafka.ProduceAsync(topic, "k", "v");
        var third = await collector.CollectAsync();
        var changed = third.FindTopic(topic)!;
        Assert.NotSame(second.FindTopic(topic), changed);
        Assert.Equal(1, changed.Partitions[written.Partition.Value].LatestOffset);
        Assert.Same(second.FindTopic(topic)!.Partitions[1 - written.Partition.Value], changed.Partitions[1 - written.Partition.Value]);
        Assert.Same(second.FindTopic(topic)!.Partitions[written.Partition.Value].Replicas, changed.Partitions[written.Partition.Value].Replicas);
    }
}
