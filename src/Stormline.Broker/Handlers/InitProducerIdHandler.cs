using Stormline.Broker.Protocol;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// InitProducerId: v0-1.
/// Behaviour: gives each idempotent producer a fresh id (unique across restarts) with epoch 0.
/// Version notes: v1 is v0 with a different throttling behaviour; v2 flexible and v3 epoch bumps (KIP-360) are
/// not served, so librdkafka treats UNKNOWN_PRODUCER_ID by re-initialising instead of bumping.
/// Authorization: with a transactional id, WRITE on it (TRANSACTIONAL_ID_AUTHORIZATION_FAILED); without, IDEMPOTENT_WRITE
/// on the cluster or WRITE on some topic (CLUSTER_AUTHORIZATION_FAILED).
/// Skipped: transactional ids (no transaction coordinator): the id is only authorized.
/// </summary>
internal sealed class InitProducerIdHandler(BrokerContext broker) : ApiHandler(broker)
{
    public override ApiKey Key => ApiKey.InitProducerId;

    public override short MinVersion => 0;

    public override short MaxVersion => 1;

    public override ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var transactionalId = request.Body.ReadNullableString();
        request.Body.ReadInt32();
        var authorizer = Broker.Authorizer;
        ErrorCode? denied = transactionalId is not null
            ? (authorizer.AllowsTransactionalId(request, AclOperation.Write, transactionalId) ? null : ErrorCode.TransactionalIdAuthorizationFailed)
            : (authorizer.AllowsCluster(request, AclOperation.IdempotentWrite) || authorizer.AllowsAnyTopic(request, AclOperation.Write) ? null : ErrorCode.ClusterAuthorizationFailed);
        response.WriteInt32(0);
        response.WriteInt16(denied ?? ErrorCode.None);
        response.WriteInt64(denied is null ? Broker.ProducerIds.Next() : -1);
        response.WriteInt16((short)(denied is null ? 0 : -1));
        return ValueTask.FromResult(true);
    }
}
