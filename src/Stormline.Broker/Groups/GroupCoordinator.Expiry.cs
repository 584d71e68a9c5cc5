using Microsoft.Extensions.Logging;

namespace Stormline.Broker.Groups;

/// <summary>Offset expiry after offsets.retention.minutes, with Kafka's rules since KIP-211.</summary>
internal sealed partial class GroupCoordinator
{
    /// <summary>
    /// An Empty group that had members (or was restored at start) loses all its offsets once it has been empty for
    /// the retention period; a group that only stores offsets loses each one that long after its commit. Groups with
    /// members keep theirs. True if any expired. Runs under the group's lock; an <see cref="IOException"/> leaves the offsets in place.
    /// </summary>
    private bool ExpireOffsets(ConsumerGroup group, long nowMs)
    {
        if (group.State != GroupState.Empty)
        {
            return false;
        }

        var retentionMs = _options.OffsetsRetentionMs;
        if (group.ProtocolType is not null || group.IsRestored)
        {
            if (nowMs - group.EmptySinceMs >= retentionMs && Offsets.HasOffsets(group.GroupId))
            {
                Offsets.DeleteGroup(group.GroupId);
                _logger.LogInformation("Expired the committed offsets of group {GroupId}: empty for {RetentionMs} ms", group.GroupId, retentionMs);
                return true;
            }

            return false;
        }

        var wallNowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        List<(string Topic, int Partition)> expired = [.. Offsets.GetAll(group.GroupId)
            .Where(o => wallNowMs - o.Committed.CommitTimestampMs >= retentionMs)
            .Select(o => (o.Topic, o.Partition))];
        if (expired.Count > 0)
        {
            Offsets.DeleteOffsets(group.GroupId, expired);
            _logger.LogInformation("Expired {Count} committed offset(s) of group {GroupId}: committed more than {RetentionMs} ms ago", expired.Count, group.GroupId, retentionMs);
        }

        return expired.Count > 0;
    }
}
