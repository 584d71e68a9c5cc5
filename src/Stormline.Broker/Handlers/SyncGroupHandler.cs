using Stormline.Broker.Groups;
using Stormline.Broker.Protocol;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// SyncGroup: v0-3.
/// Behaviour: the leader sends every member's assignment (opaque bytes) and gets its own back; followers wait
/// (asynchronously) until the leader's sync arrives. Members the leader left out get an empty assignment. A sync in a
/// stable group returns the member's current assignment. Errors: UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION,
/// REBALANCE_IN_PROGRESS (a new rebalance began: rejoin), FENCED_INSTANCE_ID, INVALID_GROUP_ID.
/// Version notes: v1 throttle; v3 group_instance_id.
/// </summary>
internal sealed class SyncGroupHandler(BrokerContext broker) : ApiHandler(broker)
{
    public override ApiKey Key => ApiKey.SyncGroup;

    public override short MinVersion => 0;

    public override short MaxVersion => 3;

    public override async ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var v = request.Version;
        var body = request.Body;
        var groupId = body.ReadString();
        var generationId = body.ReadInt32();
        var memberId = body.ReadString();
        var groupInstanceId = v >= 3 ? body.ReadNullableString() : null;
        var assignments = body.ReadArray(r => (MemberId: r.ReadString(), Assignment: r.ReadBytes().ToArray()));

        var result = Broker.Authorizer.AllowsGroup(request, AclOperation.Read, groupId)
            ? await Broker.Groups.SyncGroup(groupId, generationId, memberId, groupInstanceId, assignments).WaitAsync(cancellationToken)
            : SyncGroupResult.Failed(ErrorCode.GroupAuthorizationFailed);

        if (v >= 1)
        {
            response.WriteInt32(0);
        }

        response.WriteInt16(result.Error);
        response.WriteBytes(result.Assignment);
        return true;
    }
}
