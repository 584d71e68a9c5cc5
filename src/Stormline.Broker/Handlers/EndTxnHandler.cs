using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// EndTxn: v0-3.
/// Behaviour: commits or aborts the producer's open transaction: the decision is durable before the answer, then a
/// COMMIT or ABORT marker goes to every partition the producer wrote to and, on commit, the staged offsets become
/// visible to OffsetFetch (all before the answer on this single node). A retry of the same decision after it completed
/// is NONE; the other decision or no transaction INVALID_TXN_STATE; unknown id or producer id
/// INVALID_PRODUCER_ID_MAPPING; an old epoch fenced.
/// Version notes: v1 throttling; v2 PRODUCER_FENCED (older: INVALID_PRODUCER_EPOCH); v3 flexible.
/// Skipped: v4-5 (KIP-890 part 2: TRANSACTION_ABORTABLE and an epoch bump per transaction).
/// </summary>
internal sealed class EndTxnHandler(BrokerContext broker) : MessageHandler<EndTxnRequest, EndTxnResponse>(broker)
{
    public override ApiKey Key => ApiKey.EndTxn;

    public override short MinVersion => 0;

    public override short MaxVersion => 3;

    protected override ValueTask<EndTxnResponse> HandleAsync(Request request, EndTxnRequest message, CancellationToken cancellationToken)
    {
        var error = Broker.Authorizer.AllowsTransactionalId(request, AclOperation.Write, message.TransactionalId)
            ? Broker.Transactions.EndTransaction(message.TransactionalId, message.ProducerId, message.ProducerEpoch, message.Committed)
            : ErrorCode.TransactionalIdAuthorizationFailed;
        return ValueTask.FromResult(new EndTxnResponse { ErrorCode = TransactionErrors.ForVersion(error, request.Version, firstFencedVersion: 2) });
    }
}
