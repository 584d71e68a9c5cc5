using Stormline.Broker.Groups;
using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// LeaveGroup: v0-5.
/// Behaviour: removes the member at once and rebalances the others (no session timeout to wait for). Errors:
/// UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID, INVALID_GROUP_ID, COORDINATOR_NOT_AVAILABLE (group being deleted).
/// Version notes: v1 throttle; v2 same as v1; v3 batch form: several members, each by member id or (static members,
/// with an empty member id) by group_instance_id, with an error per member and a group-level error.
/// In v0-2 the one member's error is the response's error. v4 flexible; v5 a reason per member (KIP-800), read and not
/// kept.
/// </summary>
internal sealed class LeaveGroupHandler(BrokerContext broker) : MessageHandler<LeaveGroupRequest, LeaveGroupResponse>(broker)
{
    public override ApiKey Key => ApiKey.LeaveGroup;

    public override short MinVersion => 0;

    public override short MaxVersion => 5;

    protected override ValueTask<LeaveGroupResponse> HandleAsync(Request request, LeaveGroupRequest message, CancellationToken cancellationToken)
    {
        var members = request.Version >= 3
            ? message.Members.Select(m => new MemberIdentity(m.MemberId, m.GroupInstanceId)).ToList()
            : [new MemberIdentity(message.MemberId, null)];

        var result = Broker.Authorizer.AllowsGroup(request, AclOperation.Read, message.GroupId)
            ? Broker.Groups.LeaveGroup(message.GroupId, members)
            : new LeaveGroupResult(ErrorCode.GroupAuthorizationFailed, members.Select(_ => ErrorCode.GroupAuthorizationFailed).ToList());
        if (request.Version < 3)
        {
            return ValueTask.FromResult(new LeaveGroupResponse { ErrorCode = result.Error != ErrorCode.None ? result.Error : result.MemberErrors[0] });
        }

        return ValueTask.FromResult(new LeaveGroupResponse
        {
            ErrorCode = result.Error,
            Members = members.Select((m, i) => new LeaveGroupResponse.MemberResponse
            {
                MemberId = m.MemberId,
                GroupInstanceId = m.GroupInstanceId,
                ErrorCode = result.MemberErrors[i],
            }).ToList(),
        });
    }
}
