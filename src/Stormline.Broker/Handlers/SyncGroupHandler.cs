using Stormline.Broker.Groups;
using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// SyncGroup: v0-5.
/// Behaviour: the leader sends every member's assignment (opaque bytes) and gets its own back; followers wait
/// (asynchronously) until the leader's sync arrives. Members the leader left out get an empty assignment. A sync in a
/// stable group returns the member's current assignment. Errors: UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION,
/// REBALANCE_IN_PROGRESS (a new rebalance began: rejoin), FENCED_INSTANCE_ID, INVALID_GROUP_ID.
/// Version notes: v1 throttle; v3 group_instance_id; v4 flexible; v5 (KIP-559) the member's protocol type and
/// protocol name, when given, must be the group's (else INCONSISTENT_GROUP_PROTOCOL), and the answer carries the group's.
/// </summary>
internal sealed class SyncGroupHandler(BrokerContext broker) : MessageHandler<SyncGroupRequest, SyncGroupResponse>(broker)
{
    public override ApiKey Key => ApiKey.SyncGroup;

    public override short MinVersion => 0;

    public override short MaxVersion => 5;

    protected override async ValueTask<SyncGroupResponse> HandleAsync(Request request, SyncGroupRequest message, CancellationToken cancellationToken)
    {
        var assignments = message.Assignments.Select(a => (a.MemberId, Assignment: a.Assignment.ToArray())).ToList();
        var result = Broker.Authorizer.AllowsGroup(request, AclOperation.Read, message.GroupId)
            ? await Broker.Groups.SyncGroup(message.GroupId, message.GenerationId, message.MemberId, message.GroupInstanceId, assignments, message.ProtocolType, message.ProtocolName).WaitAsync(cancellationToken)
            : SyncGroupResult.Failed(ErrorCode.GroupAuthorizationFailed);
        return new SyncGroupResponse { ErrorCode = result.Error, Assignment = result.Assignment, ProtocolType = result.ProtocolType, ProtocolName = result.ProtocolName };
    }
}
