using Stormline.Broker.Protocol;
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
internal sealed class InitProducerIdHandler(BrokerContext broker) : ApiHandler(broker)
{
    public override ApiKey Key => ApiKey.InitProducerId;

    public override short MinVersion => 0;

    public override short MaxVersion => 4;

    public override short FirstFlexibleVersion => 2;

    public override ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var v = request.Version;
        var body = request.Body;
        var transactionalId = body.ReadNullableString();
        var timeoutMs = body.ReadInt32();
        var expectedProducerId = v >= 3 ? body.ReadInt64() : -1;
        var expectedEpoch = v >= 3 ? body.ReadInt16() : (short)-1;

        var authorizer = Broker.Authorizer;
        ErrorCode? denied = transactionalId is not null
            ? (authorizer.AllowsTransactionalId(request, AclOperation.Write, transactionalId) ? null : ErrorCode.TransactionalIdAuthorizationFailed)
            : (authorizer.AllowsCluster(request, AclOperation.IdempotentWrite) || authorizer.AllowsAnyTopic(request, AclOperation.Write) ? null : ErrorCode.ClusterAuthorizationFailed);
        var result = denied is { } refused ? new ProducerIdAndEpoch(refused, -1, -1)
            : transactionalId is null ? new ProducerIdAndEpoch(ErrorCode.None, Broker.ProducerIds.Next(), 0)
            : Broker.Transactions.InitProducerId(transactionalId, timeoutMs, expectedProducerId, expectedEpoch);
        response.WriteInt32(0);
        response.WriteInt16(TransactionErrors.ForVersion(result.Error, v, firstFencedVersion: 4));
        response.WriteInt64(result.ProducerId);
        response.WriteInt16(result.ProducerEpoch);
        response.WriteEmptyTaggedFields();
        return ValueTask.FromResult(true);
    }
}
