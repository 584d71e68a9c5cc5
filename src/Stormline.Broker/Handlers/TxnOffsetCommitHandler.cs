using Stormline.Broker.Groups;
using Stormline.Broker.Protocol;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// TxnOffsetCommit: v0-3.
/// Behaviour: stages the group's offsets in the producer's transaction (the group must have been added with
/// AddOffsetsToTxn, else INVALID_TXN_STATE); they are committed with the transaction and dropped by an abort. Until
/// then OffsetFetch shows the previous commit, and with require_stable answers UNSTABLE_OFFSET_COMMIT. An unknown
/// topic or partition gets UNKNOWN_TOPIC_OR_PARTITION; metadata over 4096 chars OFFSET_METADATA_TOO_LARGE; an unknown
/// id or producer id INVALID_PRODUCER_ID_MAPPING; an old epoch INVALID_PRODUCER_EPOCH.
/// Version notes: v2 committed_leader_epoch; v3 flexible, with generation_id, member_id and group_instance_id, checked
/// as OffsetCommit checks them (KIP-447: UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, FENCED_INSTANCE_ID).
/// </summary>
internal sealed class TxnOffsetCommitHandler(BrokerContext broker) : ApiHandler(broker)
{
    public override ApiKey Key => ApiKey.TxnOffsetCommit;

    public override short MinVersion => 0;

    public override short MaxVersion => 3;

    public override short FirstFlexibleVersion => 3;

    public override ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var v = request.Version;
        var body = request.Body;
        var transactionalId = body.ReadString();
        var groupId = body.ReadString();
        var producerId = body.ReadInt64();
        var producerEpoch = body.ReadInt16();
        var generationId = v >= 3 ? body.ReadInt32() : -1;
        var memberId = v >= 3 ? body.ReadString() : string.Empty;
        var groupInstanceId = v >= 3 ? body.ReadNullableString() : null;
        var topics = body.ReadArray(r =>
        {
            var name = r.ReadString();
            var partitions = r.ReadArray(p =>
            {
                var index = p.ReadInt32();
                var offset = p.ReadInt64();
                var leaderEpoch = v >= 2 ? p.ReadInt32() : -1;
                var metadata = p.ReadNullableString() ?? string.Empty;
                p.SkipTaggedFields();
                return (Index: index, Offset: offset, LeaderEpoch: leaderEpoch, Metadata: metadata);
            });
            r.SkipTaggedFields();
            return (Name: name, Partitions: partitions);
        });

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var staged = new List<PartitionOffset>();
        foreach (var (name, partitions) in topics)
        {
            Broker.Topics.TryGet(name, out var topic);
            staged.AddRange(partitions
                .Where(p => topic?.Partition(p.Index) is not null && p.Metadata.Length <= OffsetStore.MaxMetadataLength)
                .Select(p => new PartitionOffset(name, p.Index, new CommittedOffset(p.Offset, p.LeaderEpoch, p.Metadata, now))));
        }

        var error = !Broker.Authorizer.AllowsTransactionalId(request, AclOperation.Write, transactionalId) ? ErrorCode.TransactionalIdAuthorizationFailed
            : !Broker.Authorizer.AllowsGroup(request, AclOperation.Read, groupId) ? ErrorCode.GroupAuthorizationFailed
            : topics.Any(t => !Broker.Authorizer.AllowsTopic(request, AclOperation.Read, t.Name)) ? ErrorCode.TopicAuthorizationFailed
            : Broker.Groups.CheckTransactionalCommitter(groupId, generationId, memberId, groupInstanceId);
        if (error == ErrorCode.None && staged.Count > 0)
        {
            error = Broker.Transactions.StageOffsets(transactionalId, producerId, producerEpoch, groupId, staged);
            error = error == ErrorCode.ProducerFenced ? ErrorCode.InvalidProducerEpoch : error;
        }

        response.WriteInt32(0);
        response.WriteArray(topics, (w, t) =>
        {
            w.WriteString(t.Name);
            Broker.Topics.TryGet(t.Name, out var topic);
            w.WriteArray(t.Partitions, (pw, p) =>
            {
                pw.WriteInt32(p.Index);
                pw.WriteInt16(OffsetCommitHandler.PartitionError(topic?.Partition(p.Index) is not null, error, p.Metadata));
                pw.WriteEmptyTaggedFields();
            });
            w.WriteEmptyTaggedFields();
        });
        response.WriteEmptyTaggedFields();
        return ValueTask.FromResult(true);
    }
}
