using Stormline.Broker.Groups;
using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// OffsetCommit: v2-8.
/// Behaviour: per partition, an unknown topic or partition gets UNKNOWN_TOPIC_OR_PARTITION; the others are validated
/// against the group as Kafka does (generation -1 only while the group is Empty, else UNKNOWN_MEMBER_ID /
/// ILLEGAL_GENERATION / REBALANCE_IN_PROGRESS / FENCED_INSTANCE_ID for all of them); metadata longer than 4096 chars
/// gets OFFSET_METADATA_TOO_LARGE. Accepted offsets are written to the offsets log (handed to the OS, so they survive a
/// crash of the broker) before the answer. A null metadata string is stored as "" (as Kafka).
/// Offsets expire by the broker's offsets.retention.minutes (see GroupCoordinator.Expiry) and go with their topic.
/// Version notes: v3 throttle; v2-4 retention_time_ms (read and ignored: the broker's retention applies);
/// v6 committed_leader_epoch; v7 group_instance_id; v8 flexible.
/// Skipped: a per-commit retention time (v2-4 retention_time_ms).
/// </summary>
internal sealed class OffsetCommitHandler(BrokerContext broker) : MessageHandler<OffsetCommitRequest, OffsetCommitResponse>(broker)
{
    public override ApiKey Key => ApiKey.OffsetCommit;

    public override short MinVersion => 2;

    public override short MaxVersion => 8;

    protected override ValueTask<OffsetCommitResponse> HandleAsync(Request request, OffsetCommitRequest message, CancellationToken cancellationToken)
    {
        var groupId = message.GroupId;
        var groupAllowed = Broker.Authorizer.AllowsGroup(request, AclOperation.Read, groupId);
        var unreadable = message.Topics.Select(t => t.Name).Where(t => !Broker.Authorizer.AllowsTopic(request, AclOperation.Read, t)).ToHashSet(StringComparer.Ordinal);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var known = new List<PartitionOffset>();
        var anyKnown = false;
        foreach (var t in message.Topics)
        {
            Broker.Topics.TryGet(t.Name, out var topic);
            foreach (var p in t.Partitions)
            {
                if (!groupAllowed || unreadable.Contains(t.Name) || topic?.Partition(p.PartitionIndex) is null)
                {
                    continue;
                }

                anyKnown = true;
                var metadata = p.CommittedMetadata ?? string.Empty;
                if (metadata.Length <= OffsetStore.MaxMetadataLength)
                {
                    known.Add(new PartitionOffset(t.Name, p.PartitionIndex, new CommittedOffset(p.CommittedOffset, p.CommittedLeaderEpoch, metadata, now)));
                }
            }
        }

        var groupError = anyKnown
            ? Broker.Groups.CommitOffsets(groupId, message.GenerationIdOrMemberEpoch, message.MemberId, message.GroupInstanceId, known)
            : ErrorCode.None;

        return ValueTask.FromResult(new OffsetCommitResponse
        {
            Topics = message.Topics.Select(t =>
            {
                Broker.Topics.TryGet(t.Name, out var topic);
                return new OffsetCommitResponse.OffsetCommitResponseTopic
                {
                    Name = t.Name,
                    Partitions = t.Partitions.Select(p => new OffsetCommitResponse.OffsetCommitResponsePartition
                    {
                        PartitionIndex = p.PartitionIndex,
                        ErrorCode = !groupAllowed ? ErrorCode.GroupAuthorizationFailed
                            : unreadable.Contains(t.Name) ? ErrorCode.TopicAuthorizationFailed
                            : PartitionError(topic?.Partition(p.PartitionIndex) is not null, groupError, p.CommittedMetadata ?? string.Empty),
                    }).ToList(),
                };
            }).ToList(),
        });
    }

    /// <summary>One partition's answer to a commit (also TxnOffsetCommit's): unknown partition, the group's error, or metadata too long.</summary>
    internal static ErrorCode PartitionError(bool known, ErrorCode groupError, string metadata) =>
        !known ? ErrorCode.UnknownTopicOrPartition
        : groupError != ErrorCode.None ? groupError
        : metadata.Length > OffsetStore.MaxMetadataLength ? ErrorCode.OffsetMetadataTooLarge
        : ErrorCode.None;
}
