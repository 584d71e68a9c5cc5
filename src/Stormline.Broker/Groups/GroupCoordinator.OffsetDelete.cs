using Microsoft.Extensions.Logging;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Groups;

/// <summary>OffsetDelete, and the offsets of a deleted topic.</summary>
internal sealed partial class GroupCoordinator
{
    /// <summary>
    /// Kafka's OffsetDelete rules (KIP-496): an Empty group loses the named offsets; a consumer group with members
    /// loses those of topics no member subscribes to, the others get GROUP_SUBSCRIBED_TO_TOPIC; any other group with
    /// members is NON_EMPTY_GROUP and an unknown one GROUP_ID_NOT_FOUND. A group left Empty without offsets is removed.
    /// </summary>
    public OffsetDeleteResult DeleteOffsets(string groupId, IReadOnlyList<(string Topic, int Partition)> partitions)
    {
        if (!TryGetGroup(groupId, out var group))
        {
            return OffsetDeleteResult.Failed(ErrorCode.GroupIdNotFound);
        }

        lock (group.Gate)
        {
            IReadOnlySet<string> subscribed;
            switch (group.State)
            {
                case GroupState.Dead:
                    return OffsetDeleteResult.Failed(ErrorCode.GroupIdNotFound);
                case GroupState.Empty:
                    subscribed = new HashSet<string>();
                    break;
                case GroupState.PreparingRebalance or GroupState.CompletingRebalance or GroupState.Stable when group.ProtocolType == ConsumerSubscription.ProtocolType:
                    subscribed = SubscribedTopics(group);
                    break;
                default:
                    return OffsetDeleteResult.Failed(ErrorCode.NonEmptyGroup);
            }

            var eligible = partitions.Where(p => !subscribed.Contains(p.Topic)).ToList();
            try
            {
                Offsets.DeleteOffsets(groupId, eligible);
            }
            catch (IOException ex)
            {
                _logger.LogError(ex, "Could not delete offsets of group {GroupId}", groupId);
                return OffsetDeleteResult.Failed(ErrorCode.UnknownServerError);
            }

            RemoveIfEmptyWithoutOffsets(group);
            return new OffsetDeleteResult(
                ErrorCode.None,
                partitions.Distinct().ToDictionary(p => p, p => subscribed.Contains(p.Topic) ? ErrorCode.GroupSubscribedToTopic : ErrorCode.None));
        }
    }

    /// <summary>
    /// A deleted topic takes its committed offsets with it in every group (as Kafka's onPartitionsDeleted), so a group
    /// does not resume a topic re-created under the same name at the old position.
    /// Answers KAFKA_STORAGE_ERROR when the offsets log could not be written (the offsets are then still there).
    /// </summary>
    public ErrorCode OnTopicDeleted(string topic)
    {
        IReadOnlyList<string> holders;
        try
        {
            holders = Offsets.DeleteTopic(topic);
        }
        catch (IOException ex)
        {
            _logger.LogError(ex, "Could not delete the committed offsets of deleted topic {Topic}", topic);
            return ErrorCode.KafkaStorageError;
        }

        foreach (var groupId in holders)
        {
            if (!TryGetGroup(groupId, out var group))
            {
                continue;
            }

            lock (group.Gate)
            {
                RemoveIfEmptyWithoutOffsets(group);
            }
        }

        return ErrorCode.None;
    }

    /// <summary>The topics any member of a consumer group subscribes to, from its metadata. Runs under the group's lock.</summary>
    private static HashSet<string> SubscribedTopics(ConsumerGroup group) =>
        group.Members.SelectMany(m => ConsumerSubscription.Topics(m.MetadataFor(group.ProtocolName ?? m.Protocols[0].Name))).ToHashSet(StringComparer.Ordinal);

    /// <summary>As Kafka after removing offsets: an Empty group left with none is gone at once. Runs under the group's lock.</summary>
    private void RemoveIfEmptyWithoutOffsets(ConsumerGroup group)
    {
        if (group.State == GroupState.Empty && !group.HasPendingMembers && !Offsets.HasOffsets(group.GroupId))
        {
            group.TransitionTo(GroupState.Dead);
            _groups.TryRemove(new KeyValuePair<string, ConsumerGroup>(group.GroupId, group));
            _logger.LogInformation("Removed group {GroupId}: empty and without committed offsets", group.GroupId);
        }
    }
}
