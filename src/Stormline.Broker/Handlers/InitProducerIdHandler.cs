using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;
using Stormline.Broker.Txn;

namespace Stormline.Broker.Handlers;

/// <summary>
/// InitProducerId: v0-4.
/// Behaviour: without a transactional id, a fresh producer id (unique across restarts) at epoch 0, as Kafka gives an
/// idempotent producer (also when it asks to bump its epoch, v3+). With one, the transaction coordinator's answer:
/// the id's producer id (kept durably) with its epoch bumped, fencing older producers of the id; a transaction still
/// open is aborted first; transaction_timeout_ms above transaction.max.timeout.ms is INVALID_TRANSACTION_TIMEOUT.
/// Version notes: v1 is v0 with a different throttling behaviour; v2 flexible; v3 producer_id and producer_epoch
/// (KIP-360: a producer bumps its own epoch, and a mismatch is fenced); v4 PRODUCER_FENCED, which older versions
/// get as INVALID_PRODUCER_EPOCH.
/// Authorization: with a transactional id, WRITE on it (TRANSACTIONAL_ID_AUTHORIZATION_FAILED); without, IDEMPOTENT_WRITE
/// on the cluster or WRITE on some topic (CLUSTER_AUTHORIZATION_FAILED).
/// </summary>
internal sealed class InitProducerIdHandler(BrokerContext broker) : MessageHandler<InitProducerIdRequest, InitProducerIdResponse>(broker)
{
    public override ApiKey Key => ApiKey.InitProducerId;

    public override short MinVersion => 0;

    public override short MaxVersion => 4;

    protected override ValueTask<InitProducerIdResponse> HandleAsync(Request request, InitProducerIdRequest message, CancellationToken cancellationToken)
    {
        var transactionalId = message.TransactionalId;
        var authorizer = Broker.Authorizer;
        ErrorCode? denied = transactionalId is not null
            ? (authorizer.AllowsTransactionalId(request, AclOperation.Write, transactionalId) ? null : ErrorCode.TransactionalIdAuthorizationFailed)
            : (authorizer.AllowsCluster(request, AclOperation.IdempotentWrite) || authorizer.AllowsAnyTopic(request, AclOperation.Write) ? null : ErrorCode.ClusterAuthorizationFailed);
        var result = denied is { } refused ? new ProducerIdAndEpoch(refused, -1, -1)
            : transactionalId is null ? new ProducerIdAndEpoch(ErrorCode.None, Broker.ProducerIds.Next(), 0)
            : Broker.Transactions.InitProducerId(transactionalId, message.TransactionTimeoutMs, message.ProducerId, message.ProducerEpoch);
        return ValueTask.FromResult(new InitProducerIdResponse
        {
            ErrorCode = TransactionErrors.ForVersion(result.Error, request.Version, firstFencedVersion: 4),
            ProducerId = result.ProducerId,
            ProducerEpoch = result.ProducerEpoch,
        });
    }
}
