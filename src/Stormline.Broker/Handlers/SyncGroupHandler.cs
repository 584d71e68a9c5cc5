using Stormline.Broker.Groups;
using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// SyncGroup: v0-4.
/// Behaviour: the leader sends every member's assignment (opaque bytes) and gets its own back; followers wait
/// (asynchronously) until the leader's sync arrives. Members the leader left out get an empty assignment. A sync in a
/// stable group returns the member's current assignment. Errors: UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION,
/// REBALANCE_IN_PROGRESS (a new rebalance began: rejoin), FENCED_INSTANCE_ID, INVALID_GROUP_ID.
/// Version notes: v1 throttle; v3 group_instance_id; v4 flexible.
/// Skipped: v5 (protocol type and name checked against the group, KIP-559).
/// </summary>
internal sealed class SyncGroupHandler(BrokerContext broker) : MessageHandler<SyncGroupRequest, SyncGroupResponse>(broker)
{
    public override ApiKey Key => ApiKey.SyncGroup;

    public override short MinVersion => 0;

    public override short MaxVersion => 4;

    protected override async ValueTask<SyncGroupResponse> HandleAsync(Request request, SyncGroupRequest message, CancellationToken cancellationToken)
    {
        var assignments = message.Assignments.Select(a => (a.MemberId, Assignment: a.Assignment.ToArray())).ToList();
        var result = Broker.Authorizer.AllowsGroup(request, AclOperation.Read, message.GroupId)
            ? await Broker.Groups.SyncGroup(message.GroupId, message.GenerationId, message.MemberId, message.GroupInstanceId, assignments).WaitAsync(cancellationToken)
            : SyncGroupResult.Failed(ErrorCode.GroupAuthorizationFailed);
        return new SyncGroupResponse { ErrorCode = result.Error, Assignment = result.Assignment };
    }
}
