using Microsoft.Extensions.Logging;

namespace Stormline.Broker.Groups;

/// <summary>Offset expiry after offsets.retention.minutes, with Kafka's rules since KIP-211.</summary>
internal sealed partial class GroupCoordinator
{
    /// <summary>
    /// An Empty group that had members (or was restored at start) loses all its offsets once it has been empty for
    /// the retention period; a group that only stores offsets loses each one that long after its commit; a Stable
    /// consumer group loses those of topics no member subscribes to any more, that long after their commit. Other
    /// groups with members keep theirs. True if any expired. Runs under the group's lock; an
    /// <see cref="IOException"/> leaves the offsets in place.
    /// </summary>
    private bool ExpireOffsets(ConsumerGroup group, long nowMs)
    {
        var retentionMs = _options.OffsetsRetentionMs;
        switch (group.State)
        {
            case GroupState.Empty when group.ProtocolType is not null || group.IsRestored:
                if (nowMs - group.EmptySinceMs < retentionMs || !Offsets.HasOffsets(group.GroupId))
                {
                    return false;
                }

                Offsets.DeleteGroup(group.GroupId);
                _logger.LogInformation("Expired the committed offsets of group {GroupId}: empty for {RetentionMs} ms", group.GroupId, retentionMs);
                return true;
            case GroupState.Empty:
                return ExpireCommittedBefore(group, retentionMs, static _ => true);
            case GroupState.Stable when group.ProtocolType == ConsumerSubscription.ProtocolType:
                var subscribed = SubscribedTopics(group);
                return ExpireCommittedBefore(group, retentionMs, topic => !subscribed.Contains(topic));
            default:
                return false;
        }
    }

    /// <summary>Deletes the group's offsets of the <paramref name="eligible"/> topics committed at least the retention period ago.</summary>
    private bool ExpireCommittedBefore(ConsumerGroup group, long retentionMs, Func<string, bool> eligible)
    {
        var wallNowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        List<(string Topic, int Partition)> expired = [.. Offsets.GetAll(group.GroupId)
            .Where(o => eligible(o.Topic) && wallNowMs - o.Committed.CommitTimestampMs >= retentionMs)
            .Select(o => (o.Topic, o.Partition))];
        if (expired.Count == 0)
        {
            return false;
        }

        Offsets.DeleteOffsets(group.GroupId, expired);
        _logger.LogInformation("Expired {Count} committed offset(s) of group {GroupId}: committed more than {RetentionMs} ms ago", expired.Count, group.GroupId, retentionMs);
        return true;
    }
}
