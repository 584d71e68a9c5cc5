using Stormline.Broker.Protocol;
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
internal sealed class EndTxnHandler(BrokerContext broker) : ApiHandler(broker)
{
    public override ApiKey Key => ApiKey.EndTxn;

    public override short MinVersion => 0;

    public override short MaxVersion => 3;

    public override short FirstFlexibleVersion => 3;

    public override ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var body = request.Body;
        var transactionalId = body.ReadString();
        var producerId = body.ReadInt64();
        var producerEpoch = body.ReadInt16();
        var commit = body.ReadBool();

        var error = Broker.Authorizer.AllowsTransactionalId(request, AclOperation.Write, transactionalId)
            ? Broker.Transactions.EndTransaction(transactionalId, producerId, producerEpoch, commit)
            : ErrorCode.TransactionalIdAuthorizationFailed;
        response.WriteInt32(0);
        response.WriteInt16(TransactionErrors.ForVersion(error, request.Version, firstFencedVersion: 2));
        response.WriteEmptyTaggedFields();
        return ValueTask.FromResult(true);
    }
}
