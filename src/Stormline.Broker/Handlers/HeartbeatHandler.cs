using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// Heartbeat: v0-4.
/// Behaviour: keeps the member's session alive. REBALANCE_IN_PROGRESS while the group is in its join phase (the member
/// must rejoin), UNKNOWN_MEMBER_ID for a member the group does not have (e.g. expired), ILLEGAL_GENERATION for an old
/// generation, FENCED_INSTANCE_ID for a replaced static member, INVALID_GROUP_ID for an empty group id.
/// Version notes: v1 throttle; v3 group_instance_id; v4 flexible.
/// </summary>
internal sealed class HeartbeatHandler(BrokerContext broker) : MessageHandler<HeartbeatRequest, HeartbeatResponse>(broker)
{
    public override ApiKey Key => ApiKey.Heartbeat;

    public override short MinVersion => 0;

    public override short MaxVersion => 4;

    protected override ValueTask<HeartbeatResponse> HandleAsync(Request request, HeartbeatRequest message, CancellationToken cancellationToken)
    {
        var error = Broker.Authorizer.AllowsGroup(request, AclOperation.Read, message.GroupId)
            ? Broker.Groups.Heartbeat(message.GroupId, message.GenerationId, message.MemberId, message.GroupInstanceId)
            : ErrorCode.GroupAuthorizationFailed;
        return ValueTask.FromResult(new HeartbeatResponse { ErrorCode = error });
    }
}
