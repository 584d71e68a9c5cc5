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

        var now = history[^1].TakenAt;
        var partitions = latest.Offsets
            .Select(o => EvaluatePartition(o.Topic, o.Partition, WindowOf(groupId, o.Key, history), now))
            .ToList();
        var status = partitions.Count == 0 ? LagStatus.Ok : partitions.Max(p => p.Status);
        var complete = partitions.Count == 0 ? 1 : partitions.Count(p => p.Complete) / (double)partitions.Count;
        return new GroupLagVerdict(groupId, status, latest.TotalLag, complete, partitions);
    }

    /// <summary>Judges a recorded window directly (oldest first), as of <paramref name="now"/>.</summary>
    public PartitionLagVerdict EvaluatePartition(string topic, int partition, IReadOnlyList<LagObservation> window, DateTimeOffset now)
    {
        var status = LagRules.Evaluate(window, now, _intervals);
        return window.Count == 0
            ? new PartitionLagVerdict(topic, partition, status, 0, -1, -1, 0, false)
            : new PartitionLagVerdict(topic, partition, status, window[^1].Lag, window[0].CommittedOffset, window[^1].CommittedOffset, window.Count, window.Count >= _intervals);
    }

    private List<LagObservation> WindowOf(string groupId, TopicPartitionKey key, IReadOnlyList<ClusterSnapshot> history)
    {
        var window = new List<LagObservation>(_intervals);
        for (var i = history.Count - 1; i >= 0 && window.Count < _intervals; i--)
        {
            var group = history[i].FindGroup(groupId);
            var offset = group?.Offsets.FirstOrDefault(o => o.Topic == key.Topic && o.Partition == key.Partition);
            if (group is null || offset is null)
            {
                break; // the window is the unbroken run of polls that saw the partition
            }

            var assigned = group.Members.Any(m => m.Assignment.Contains(key));
            window.Add(new LagObservation(history[i].TakenAt, offset.CommittedOffset, offset.Lag, assigned));
        }

        window.Reverse();
        return window;
    }
}
