using Stormline.Broker.Groups;
using Stormline.Broker.Protocol;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// OffsetCommit: v2-7.
/// Behaviour: per partition, an unknown topic or partition gets UNKNOWN_TOPIC_OR_PARTITION; the others are validated
/// against the group as Kafka does (generation -1 only while the group is Empty, else UNKNOWN_MEMBER_ID /
/// ILLEGAL_GENERATION / REBALANCE_IN_PROGRESS / FENCED_INSTANCE_ID for all of them); metadata longer than 4096 chars
/// gets OFFSET_METADATA_TOO_LARGE. Accepted offsets are written to the offsets log (handed to the OS, so they survive a
/// crash of the broker) before the answer. A null metadata string is stored as "" (as Kafka).
/// Offsets expire by the broker's offsets.retention.minutes (see GroupCoordinator.Expiry) and go with their topic.
/// Version notes: v3 throttle; v2-4 retention_time_ms (read and ignored: the broker's retention applies);
/// v6 committed_leader_epoch; v7 group_instance_id.
/// Skipped: a per-commit retention time (v2-4 retention_time_ms).
/// </summary>
internal sealed class OffsetCommitHandler(BrokerContext broker) : ApiHandler(broker)
{
    public override ApiKey Key => ApiKey.OffsetCommit;

    public override short MinVersion => 2;

    public override short MaxVersion => 7;

    public override ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var v = request.Version;
        var body = request.Body;
        var groupId = body.ReadString();
        var generationId = body.ReadInt32();
        var memberId = body.ReadString();
        var groupInstanceId = v >= 7 ? body.ReadNullableString() : null;
        if (v <= 4)
        {
            body.ReadInt64();
        }

        var topics = body.ReadArray(r => (
            Name: r.ReadString(),
            Partitions: r.ReadArray(p => new PartitionCommit(
                p.ReadInt32(),
                p.ReadInt64(),
                v >= 6 ? p.ReadInt32() : -1,
                p.ReadNullableString() ?? string.Empty))));

        var groupAllowed = Broker.Authorizer.AllowsGroup(request, AclOperation.Read, groupId);
        var unreadable = topics.Select(t => t.Name).Where(t => !Broker.Authorizer.AllowsTopic(request, AclOperation.Read, t)).ToHashSet(StringComparer.Ordinal);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var known = new List<PartitionOffset>();
        var anyKnown = false;
        foreach (var (name, partitions) in topics)
        {
            Broker.Topics.TryGet(name, out var topic);
            foreach (var partition in partitions)
            {
                if (!groupAllowed || unreadable.Contains(name) || topic?.Partition(partition.Index) is null)
                {
                    continue;
                }

                anyKnown = true;
                if (partition.Metadata.Length <= OffsetStore.MaxMetadataLength)
                {
                    known.Add(new PartitionOffset(name, partition.Index, new CommittedOffset(partition.Offset, partition.LeaderEpoch, partition.Metadata, now)));
                }
            }
        }

        var groupError = anyKnown ? Broker.Groups.CommitOffsets(groupId, generationId, memberId, groupInstanceId, known) : ErrorCode.None;

        if (v >= 3)
        {
            response.WriteInt32(0);
        }

        response.WriteArray(topics, (w, t) =>
        {
            w.WriteString(t.Name);
            Broker.Topics.TryGet(t.Name, out var topic);
            w.WriteArray(t.Partitions, (pw, p) =>
            {
                pw.WriteInt32(p.Index);
                pw.WriteInt16(
                    !groupAllowed ? ErrorCode.GroupAuthorizationFailed
                    : unreadable.Contains(t.Name) ? ErrorCode.TopicAuthorizationFailed
                    : PartitionError(topic?.Partition(p.Index) is not null, groupError, p.Metadata));
            });
        });
        return ValueTask.FromResult(true);
    }

    /// <summary>One partition's answer to a commit (also TxnOffsetCommit's): unknown partition, the group's error, or metadata too long.</summary>
    internal static ErrorCode PartitionError(bool known, ErrorCode groupError, string metadata) =>
        !known ? ErrorCode.UnknownTopicOrPartition
        : groupError != ErrorCode.None ? groupError
        : metadata.Length > OffsetStore.MaxMetadataLength ? ErrorCode.OffsetMetadataTooLarge
        : ErrorCode.None;

    private readonly record struct PartitionCommit(int Index, long Offset, int LeaderEpoch, string Metadata);
}
