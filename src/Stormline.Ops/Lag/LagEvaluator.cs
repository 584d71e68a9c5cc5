using Stormline.Ops.Collecting;

namespace Stormline.Ops.Lag;

/// <summary>
/// Judges every group of the newest snapshot from the collector's history: for each partition the group holds,
/// the last <see cref="LagEvaluatorOptions.Intervals"/> polls that saw it form the window for <see cref="LagRules"/>.
/// Stateless and thread-safe.
/// </summary>
public sealed class LagEvaluator(LagEvaluatorOptions? options = null)
{
    private readonly int _intervals = Math.Max(2, (options ?? new LagEvaluatorOptions()).Intervals);

    /// <summary>Verdicts for every group in the newest snapshot of <paramref name="history"/> (oldest first).</summary>
    public IReadOnlyList<GroupLagVerdict> Evaluate(IReadOnlyList<ClusterSnapshot> history)
    {
        if (history.Count == 0)
        {
            return [];
        }

        return history[^1].Groups.Select(g => EvaluateGroup(g.GroupId, history)).ToList();
    }

    /// <summary>The verdict for one group; <see cref="LagStatus.NotFound"/> when the newest snapshot does not have it.</summary>
    public GroupLagVerdict EvaluateGroup(string groupId, IReadOnlyList<ClusterSnapshot> history)
    {
        var latest = history.Count == 0 ? null : history[^1].FindGroup(groupId);
        if (latest is null)
        {
            return new GroupLagVerdict(groupId, LagStatus.NotFound, 0, 0, []);
        }

        // The group as each of the last polls saw it, newest first, indexed once so a group with thousands of
        // partitions costs one lookup per partition and poll.
        var polls = new List<Poll>(_intervals);
        for (var i = history.Count - 1; i >= 0 && polls.Count < _intervals; i--)
        {
            if (history[i].FindGroup(groupId) is not { } group)
            {
                break;
            }

            polls.Add(new Poll(history[i].TakenAt, group.Offsets.ToDictionary(o => o.Key), group.Members.SelectMany(m => m.Assignment).ToHashSet()));
        }

        var now = history[^1].TakenAt;
        var partitions = latest.Offsets
            .Select(o => WithTimeLag(EvaluatePartition(o.Topic, o.Partition, WindowOf(o.Key, polls), now), TimeWindowOf(o.Key, polls)))
            .ToList();
        var status = partitions.Count == 0 ? LagStatus.Ok : GroupStatus(partitions.Max(p => p.Status));
        var complete = partitions.Count == 0 ? 1 : partitions.Count(p => p.Complete) / (double)partitions.Count;
        return new GroupLagVerdict(groupId, status, latest.TotalLag, complete, partitions);
    }

    /// <summary>
    /// Burrow's group status: the worst partition's, but STOP, STALL and REWIND (numbered above ERR) count as ERR, so
    /// one partition's STOP is not ranked below another's REWIND; which partitions are in which state is in the verdict.
    /// </summary>
    public static LagStatus GroupStatus(LagStatus worstPartition) => worstPartition > LagStatus.Err ? LagStatus.Err : worstPartition;

    /// <summary>Judges a recorded window directly (oldest first), as of <paramref name="now"/>.</summary>
    public PartitionLagVerdict EvaluatePartition(string topic, int partition, IReadOnlyList<LagObservation> window, DateTimeOffset now)
    {
        var status = LagRules.Evaluate(window, now, _intervals);
        return window.Count == 0
            ? new PartitionLagVerdict(topic, partition, status, 0, -1, -1, 0, false)
            : new PartitionLagVerdict(topic, partition, status, window[^1].Lag, window[0].CommittedOffset, window[^1].CommittedOffset, window.Count, window.Count >= _intervals);
    }

    private PartitionLagVerdict WithTimeLag(PartitionLagVerdict verdict, List<(DateTimeOffset At, double? LagSeconds)> window) =>
        verdict with { LagSeconds = window.Count == 0 ? null : window[^1].LagSeconds, TimeLagStatus = TimeLagRules.Evaluate(window, _intervals) };

    private static List<LagObservation> WindowOf(TopicPartitionKey key, List<Poll> polls) =>
        Window(key, polls, (poll, offset) => new LagObservation(poll.At, offset.CommittedOffset, offset.Lag, poll.Assigned.Contains(key), offset.LatestOffset));

    private static List<(DateTimeOffset At, double? LagSeconds)> TimeWindowOf(TopicPartitionKey key, List<Poll> polls) =>
        Window(key, polls, (poll, offset) => (poll.At, offset.LagSeconds));

    /// <summary>The unbroken run of polls (oldest first) that saw the group on this partition, each as <paramref name="observe"/> sees it.</summary>
    private static List<T> Window<T>(TopicPartitionKey key, List<Poll> polls, Func<Poll, GroupPartitionOffset, T> observe)
    {
        var window = new List<T>(polls.Count);
        foreach (var poll in polls)
        {
            if (!poll.Offsets.TryGetValue(key, out var offset))
            {
                break;
            }

            window.Add(observe(poll, offset));
        }

        window.Reverse();
        return window;
    }

    /// <summary>The group as one poll saw it, indexed by partition.</summary>
    private sealed record Poll(DateTimeOffset At, Dictionary<TopicPartitionKey, GroupPartitionOffset> Offsets, HashSet<TopicPartitionKey> Assigned);
}
