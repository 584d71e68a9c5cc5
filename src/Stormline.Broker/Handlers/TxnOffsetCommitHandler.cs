using Stormline.Broker.Groups;
using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
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
internal sealed class TxnOffsetCommitHandler(BrokerContext broker) : MessageHandler<TxnOffsetCommitRequest, TxnOffsetCommitResponse>(broker)
{
    public override ApiKey Key => ApiKey.TxnOffsetCommit;

    public override short MinVersion => 0;

    public override short MaxVersion => 3;

    protected override ValueTask<TxnOffsetCommitResponse> HandleAsync(Request request, TxnOffsetCommitRequest message, CancellationToken cancellationToken)
    {
        var (transactionalId, groupId) = (message.TransactionalId, message.GroupId);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var staged = new List<PartitionOffset>();
        foreach (var t in message.Topics)
        {
            Broker.Topics.TryGet(t.Name, out var topic);
            staged.AddRange(t.Partitions
                .Where(p => topic?.Partition(p.PartitionIndex) is not null && Metadata(p).Length <= OffsetStore.MaxMetadataLength)
                .Select(p => new PartitionOffset(t.Name, p.PartitionIndex, new CommittedOffset(p.CommittedOffset, p.CommittedLeaderEpoch, Metadata(p), now))));
        }

        var error = !Broker.Authorizer.AllowsTransactionalId(request, AclOperation.Write, transactionalId) ? ErrorCode.TransactionalIdAuthorizationFailed
            : !Broker.Authorizer.AllowsGroup(request, AclOperation.Read, groupId) ? ErrorCode.GroupAuthorizationFailed
            : message.Topics.Any(t => !Broker.Authorizer.AllowsTopic(request, AclOperation.Read, t.Name)) ? ErrorCode.TopicAuthorizationFailed
            : Broker.Groups.CheckTransactionalCommitter(groupId, message.GenerationId, message.MemberId, message.GroupInstanceId);
        if (error == ErrorCode.None && staged.Count > 0)
        {
            error = Broker.Transactions.StageOffsets(transactionalId, message.ProducerId, message.ProducerEpoch, groupId, staged);
            error = error == ErrorCode.ProducerFenced ? ErrorCode.InvalidProducerEpoch : error;
        }

        return ValueTask.FromResult(new TxnOffsetCommitResponse
        {
            Topics = message.Topics.Select(t =>
            {
                Broker.Topics.TryGet(t.Name, out var topic);
                return new TxnOffsetCommitResponse.TxnOffsetCommitResponseTopic
                {
                    Name = t.Name,
                    Partitions = t.Partitions.Select(p => new TxnOffsetCommitResponse.TxnOffsetCommitResponsePartition
                    {
                        PartitionIndex = p.PartitionIndex,
                        ErrorCode = OffsetCommitHandler.PartitionError(topic?.Partition(p.PartitionIndex) is not null, error, Metadata(p)),
                    }).ToList(),
                };
            }).ToList(),
        });
    }

    /// <summary>A null metadata string is stored as "" (as Kafka).</summary>
    private static string Metadata(TxnOffsetCommitRequest.TxnOffsetCommitRequestPartition partition) => partition.CommittedMetadata ?? string.Empty;
}
