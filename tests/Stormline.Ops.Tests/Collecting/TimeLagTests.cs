using Stormline.Ops.Collecting;
using Stormline.Testing;

namespace Stormline.Ops.Tests.Collecting;

/// <summary>Lag in seconds against the embedded broker: the age of the next record a group has not consumed.</summary>
public sealed class TimeLagTests(SharedKafka shared)
{
    private static readonly DateTimeOffset HourAgo = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds());

    private ClusterCollector NewCollector(int readsPerPoll = 500) =>
        new(new ClusterCollectorOptions { BootstrapServers = shared.BootstrapServers, MaxTimeLagReadsPerPoll = readsPerPoll });

    [Fact]
    public async Task A_stopped_group_lags_by_the_age_of_its_next_record_growing_with_the_clock_while_records_arrive()
    {
        var topic = TopicPrefix.Name("time-lag");
        var group = topic + "-group";
        await shared.Kafka.CreateTopicsAsync([new TopicSpec(topic, 1)]);
        using var writer = new RecordWriter(shared.BootstrapServers);
        await writer.WriteAsync(topic, 0, HourAgo.AddMinutes(-5));
        await writer.WriteAsync(topic, 0, HourAgo); // offset 1: the next record the group has not consumed
        await writer.WriteAsync(topic, 0, HourAgo.AddMinutes(30));
        writer.Commit(group, topic, 0, 1);

        await using var collector = NewCollector();
        var first = await collector.WaitForSnapshotAsync(s => s.FindGroup(group)?.Offsets is [{ LagSeconds: not null }], TimeSpan.FromSeconds(30));
        await writer.WriteAsync(topic, 0, DateTimeOffset.UtcNow); // records keep arriving; the group does not move
        await Task.Delay(TimeSpan.FromMilliseconds(1100));
        var second = await collector.CollectAsync();

        var before = Assert.Single(first.FindGroup(group)!.Offsets);
        var after = Assert.Single(second.FindGroup(group)!.Offsets);
        Assert.Equal((first.TakenAt - HourAgo).TotalSeconds, before.LagSeconds!.Value, tolerance: 1e-6);
        Assert.Equal((second.TakenAt - HourAgo).TotalSeconds, after.LagSeconds!.Value, tolerance: 1e-6);
        Assert.Equal((second.TakenAt - first.TakenAt).TotalSeconds, after.LagSeconds.Value - before.LagSeconds.Value, tolerance: 1e-6);
        Assert.True(after.LagSeconds > before.LagSeconds + 1);
        Assert.Equal(3, after.Lag);
        Assert.Empty(second.FindGroup(group)!.Members);
        Assert.Equal(after.LagSeconds, second.FindGroup(group)!.MaxLagSeconds);
        Assert.DoesNotContain(second.Groups, g => g.GroupId.StartsWith("stormline-ops", StringComparison.Ordinal)); // the reader joins no group
    }

    [Fact]
    public async Task A_caught_up_group_with_a_member_lags_zero_seconds()
    {
        var topic = TopicPrefix.Name("time-caught-up");
        var group = topic + "-group";
        await shared.Kafka.CreateTopicsAsync([new TopicSpec(topic, 1)]);
        using var writer = new RecordWriter(shared.BootstrapServers);
        for (var i = 0; i < 3; i++)
        {
            await writer.WriteAsync(topic, 0, HourAgo);
        }

        using var workload = new GroupWorkload(shared.BootstrapServers, group, topic);
        workload.ConsumeAndCommit(3);
        await using var collector = NewCollector();
        var snapshot = await collector.WaitForSnapshotAsync(s => s.FindGroup(group) is { Members.Count: 1, Offsets: [{ CommittedOffset: 3 }] }, TimeSpan.FromSeconds(30));

        var offset = Assert.Single(snapshot.FindGroup(group)!.Offsets);
        Assert.Equal(0, offset.Lag);
        Assert.Equal(0, offset.LagSeconds);
    }

    [Fact]
    public async Task Reads_per_poll_are_capped_and_the_rest_are_read_at_the_next_polls()
    {
        // The reader itself: a collector on the shared broker would also see every other test's lagging groups.
        var topic = TopicPrefix.Name("time-capped");
        await shared.Kafka.CreateTopicsAsync([new TopicSpec(topic, 3)]);
        using var writer = new RecordWriter(shared.BootstrapServers);
        for (var p = 0; p < 3; p++)
        {
            await writer.WriteAsync(topic, p, HourAgo.AddMinutes(p));
        }

        using var reader = new NextRecordTimestamps(new ClusterCollectorOptions { BootstrapServers = shared.BootstrapServers, MaxTimeLagReadsPerPoll = 1 });
        RecordPosition[] wanted = [new(topic, 0, 0), new(topic, 1, 0), new(topic, 2, 0)];
        var known = new List<int>();
        for (var poll = 0; poll < 4; poll++)
        {
            known.Add((await reader.ReadAsync(wanted, CancellationToken.None)).Count);
        }

        // Each poll reads one new record; ones read before stay known while they are still wanted.
        Assert.Equal([1, 2, 3, 3], known);
        var timestamps = await reader.ReadAsync(wanted, CancellationToken.None);
        Assert.All(wanted, w => Assert.Equal(HourAgo.AddMinutes(w.Partition), timestamps[w]));

        // A position no longer wanted is forgotten: memory follows the lagging partitions.
        Assert.Single(await reader.ReadAsync([wanted[0]], CancellationToken.None));
        Assert.Single(await reader.ReadAsync([wanted[1]], CancellationToken.None));
    }

    [Fact]
    public async Task Two_groups_waiting_at_different_offsets_of_one_partition_each_get_their_own_lag()
    {
        var topic = TopicPrefix.Name("time-two-groups");
        await shared.Kafka.CreateTopicsAsync([new TopicSpec(topic, 1)]);
        using var writer = new RecordWriter(shared.BootstrapServers);
        await writer.WriteAsync(topic, 0, HourAgo);
        await writer.WriteAsync(topic, 0, HourAgo.AddMinutes(20));
        await writer.WriteAsync(topic, 0, HourAgo.AddMinutes(40));

        using var reader = new NextRecordTimestamps(new ClusterCollectorOptions { BootstrapServers = shared.BootstrapServers });
        RecordPosition[] wanted = [new(topic, 0, 0), new(topic, 0, 1), new(topic, 0, 2)];
        var timestamps = await reader.ReadAsync(wanted, CancellationToken.None);

        Assert.Equal(3, timestamps.Count);
        Assert.All(wanted, w => Assert.Equal(HourAgo.AddMinutes(20 * w.Offset), timestamps[w]));
    }
}
