using Stormline.Broker.Protocol;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// AddOffsetsToTxn: v0-3.
/// Behaviour: registers the consumer group in the producer's transaction (starting one if none is open), so that
/// TxnOffsetCommit may stage the group's offsets; they are committed with the transaction. Errors as AddPartitionsToTxn.
/// Version notes: v1 throttling; v2 PRODUCER_FENCED (older: INVALID_PRODUCER_EPOCH); v3 flexible.
/// Skipped: v4 (TRANSACTION_ABORTABLE, KIP-890 part 2).
/// </summary>
internal sealed class AddOffsetsToTxnHandler(BrokerContext broker) : ApiHandler(broker)
{
    public override ApiKey Key => ApiKey.AddOffsetsToTxn;

    public override short MinVersion => 0;

    public override short MaxVersion => 3;

    public override short FirstFlexibleVersion => 3;

    public override ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var body = request.Body;
        var transactionalId = body.ReadString();
        var producerId = body.ReadInt64();
        var producerEpoch = body.ReadInt16();
        var groupId = body.ReadString();

        var error = !Broker.Authorizer.AllowsTransactionalId(request, AclOperation.Write, transactionalId) ? ErrorCode.TransactionalIdAuthorizationFailed
            : !Broker.Authorizer.AllowsGroup(request, AclOperation.Read, groupId) ? ErrorCode.GroupAuthorizationFailed
            : Broker.Transactions.AddOffsets(transactionalId, producerId, producerEpoch, groupId);
        response.WriteInt32(0);
        response.WriteInt16(TransactionErrors.ForVersion(error, request.Version, firstFencedVersion: 2));
        response.WriteEmptyTaggedFields();
        return ValueTask.FromResult(true);
    }
}
