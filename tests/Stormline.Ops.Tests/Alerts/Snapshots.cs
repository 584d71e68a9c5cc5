using Stormline.Ops.Alerts;
using Stormline.Ops.Collecting;
using Stormline.Ops.Lag;

namespace Stormline.Ops.Tests.Alerts;

/// <summary>Hand-built cluster states for the built-in rules: topics with a latest offset and groups with a lag, at a time.</summary>
internal static class Snapshots
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static ClusterSnapshot At(TimeSpan after, IEnumerable<(string Topic, long Latest)> topics, IEnumerable<(string Group, string Topic, long Lag)>? groups = null) =>
        new(Start + after, TimeSpan.Zero, null, 1, [new(1, "127.0.0.1", 9092)],
            topics.Select(t => new TopicSnapshot(t.Topic, false, [new PartitionSnapshot(0, 1, [1], [1], 0, t.Latest)])).ToList(),
            (groups ?? []).GroupBy(g => g.Group).Select(g => new ConsumerGroupSnapshot(g.Key, GroupState.Stable, "range", [],
                g.Select(x => new GroupPartitionOffset(x.Topic, 0, 0, x.Lag, x.Lag)).ToList())).ToList());

    /// <summary>A cluster of <paramref name="brokers"/> brokers (ids 1…n) with the given topics, taken at <see cref="Start"/>.</summary>
    public static ClusterSnapshot Cluster(int brokers, params (string Topic, PartitionSnapshot[] Partitions)[] topics) =>
        new(Start, TimeSpan.Zero, null, 1, Enumerable.Range(1, brokers).Select(id => new BrokerSnapshot(id, "127.0.0.1", 9091 + id)).ToList(),
            topics.Select(t => new TopicSnapshot(t.Topic, false, t.Partitions)).ToList(), []);

    public static AlertContext Context(
        IReadOnlyList<ClusterSnapshot> history,
        IReadOnlyDictionary<string, GroupLagVerdict>? lag = null,
        IReadOnlyList<ServiceHealth>? services = null,
        IReadOnlyList<OutboxAge>? outboxes = null,
        IReadOnlyList<DiskSpace>? disks = null,
        DateTimeOffset? now = null) =>
        new(now ?? history[^1].TakenAt, history, lag ?? new Dictionary<string, GroupLagVerdict>(), services ?? [], outboxes ?? [], disks ?? []);
}
