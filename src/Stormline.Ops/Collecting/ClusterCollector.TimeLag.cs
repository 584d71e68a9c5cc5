using Confluent.Kafka;

namespace Stormline.Ops.Collecting;

public sealed partial class ClusterCollector
{
    /// <summary>
    /// Fills in each group partition's lag in seconds (kafka-lag-exporter's definition, from record timestamps rather
    /// than its interpolation): the snapshot's time minus the timestamp of the next record the group has not consumed,
    /// 0 when caught up. Groups with and without members alike: only the committed offset matters. Then shares
    /// unchanged groups with the previous snapshot.
    /// </summary>
    private async Task<List<ConsumerGroupSnapshot>> MeasureTimeLagAsync(List<ConsumerGroupSnapshot> groups, DateTimeOffset takenAt, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<RecordPosition, DateTimeOffset> timestamps = new Dictionary<RecordPosition, DateTimeOffset>();
        if (Options.MeasureTimeLag)
        {
            var wanted = groups.SelectMany(g => g.Offsets).Select(o => o.NextRecord).OfType<RecordPosition>().ToHashSet();
            try
            {
                timestamps = await _timestamps.ReadAsync(wanted, cancellationToken);
            }
            catch (KafkaException ex)
            {
                OpsLog.TimeLagFailed(_logger, ex.Error.Reason); // offset lag still stands; seconds are left unknown this poll
            }
        }

        var previous = History.Latest;
        return groups.Select(g => SnapshotSharing.Group(
                previous?.FindGroup(g.GroupId),
                Options.MeasureTimeLag ? g with { Offsets = g.Offsets.Select(o => WithLagSeconds(o, timestamps, takenAt)).ToList() } : g))
            .ToList();
    }

    private static GroupPartitionOffset WithLagSeconds(GroupPartitionOffset offset, IReadOnlyDictionary<RecordPosition, DateTimeOffset> timestamps, DateTimeOffset takenAt)
    {
        if (!offset.HasCommitted || offset.LatestOffset < 0)
        {
            return offset;
        }

        if (offset.Lag == 0)
        {
            return offset with { LagSeconds = 0 };
        }

        // A producer's clock ahead of ours would give a negative age; the record is at most "just written".
        return offset.NextRecord is { } next && timestamps.TryGetValue(next, out var at)
            ? offset with { LagSeconds = Math.Max(0, (takenAt - at).TotalSeconds) }
            : offset;
    }
}
