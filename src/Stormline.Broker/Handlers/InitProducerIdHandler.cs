using Stormline.Broker.Protocol;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// InitProducerId: v0-1.
/// Behaviour: gives each idempotent producer a fresh id (unique across restarts) with epoch 0.
/// Version notes: v1 is v0 with a different throttling behaviour; v2 flexible and v3 epoch bumps (KIP-360) are
/// not served, so librdkafka treats UNKNOWN_PRODUCER_ID by re-initialising instead of bumping.
/// Skipped: transactional ids (no transaction coordinator): the id is ignored.
/// </summary>
internal sealed class InitProducerIdHandler(BrokerContext broker) : ApiHandler(broker)
{
    public override ApiKey Key => ApiKey.InitProducerId;

    public override short MinVersion => 0;

    public override short MaxVersion => 1;

    public override ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        request.Body.ReadNullableString();
        request.Body.ReadInt32();
        response.WriteInt32(0);
        response.WriteInt16(ErrorCode.None);
        response.WriteInt64(Broker.ProducerIds.Next());
        response.WriteInt16((short)0);
        return ValueTask.FromResult(true);
    }
}
