using Stormline.Broker.Protocol;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// Heartbeat: v0-3.
/// Behaviour: keeps the member's session alive. REBALANCE_IN_PROGRESS while the group is in its join phase (the member
/// must rejoin), UNKNOWN_MEMBER_ID for a member the group does not have (e.g. expired), ILLEGAL_GENERATION for an old
/// generation, FENCED_INSTANCE_ID for a replaced static member, INVALID_GROUP_ID for an empty group id.
/// Version notes: v1 throttle; v3 group_instance_id.
/// </summary>
internal sealed class HeartbeatHandler(BrokerContext broker) : ApiHandler(broker)
{
    public override ApiKey Key => ApiKey.Heartbeat;

    public override short MinVersion => 0;

    public override short MaxVersion => 3;

    public override ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var v = request.Version;
        var body = request.Body;
        var groupId = body.ReadString();
        var generationId = body.ReadInt32();
        var memberId = body.ReadString();
        var groupInstanceId = v >= 3 ? body.ReadNullableString() : null;

        var error = Broker.Authorizer.AllowsGroup(request, AclOperation.Read, groupId)
            ? Broker.Groups.Heartbeat(groupId, generationId, memberId, groupInstanceId)
            : ErrorCode.GroupAuthorizationFailed;
        if (v >= 1)
        {
            response.WriteInt32(0);
        }

        response.WriteInt16(error);
        return ValueTask.FromResult(true);
    }
}
