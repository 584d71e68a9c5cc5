using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
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
internal sealed class AddOffsetsToTxnHandler(BrokerContext broker) : MessageHandler<AddOffsetsToTxnRequest, AddOffsetsToTxnResponse>(broker)
{
    public override ApiKey Key => ApiKey.AddOffsetsToTxn;

    public override short MinVersion => 0;

    public override short MaxVersion => 3;

    protected override ValueTask<AddOffsetsToTxnResponse> HandleAsync(Request request, AddOffsetsToTxnRequest message, CancellationToken cancellationToken)
    {
        var error = !Broker.Authorizer.AllowsTransactionalId(request, AclOperation.Write, message.TransactionalId) ? ErrorCode.TransactionalIdAuthorizationFailed
            : !Broker.Authorizer.AllowsGroup(request, AclOperation.Read, message.GroupId) ? ErrorCode.GroupAuthorizationFailed
            : Broker.Transactions.AddOffsets(message.TransactionalId, message.ProducerId, message.ProducerEpoch, message.GroupId);
        return ValueTask.FromResult(new AddOffsetsToTxnResponse { ErrorCode = TransactionErrors.ForVersion(error, request.Version, firstFencedVersion: 2) });
    }
}
