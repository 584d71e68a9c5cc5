using Stormline.Broker.Groups;
using Stormline.Broker.Protocol;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// LeaveGroup: v0-3.
/// Behaviour: removes the member at once and rebalances the others (no session timeout to wait for). Errors:
/// UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID, INVALID_GROUP_ID, COORDINATOR_NOT_AVAILABLE (group being deleted).
/// Version notes: v1 throttle; v2 same as v1; v3 batch form: several members, each by member id or (static members,
/// with an empty member id) by group_instance_id, with an error per member and a group-level error.
/// In v0-2 the one member's error is the response's error.
/// </summary>
internal sealed class LeaveGroupHandler(BrokerContext broker) : ApiHandler(broker)
{
    public override ApiKey Key => ApiKey.LeaveGroup;

    public override short MinVersion => 0;

    public override short MaxVersion => 3;

    public override ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var v = request.Version;
        var body = request.Body;
        var groupId = body.ReadString();
        var members = v >= 3
            ? body.ReadArray(r => new MemberIdentity(r.ReadString(), r.ReadNullableString()))
            : [new MemberIdentity(body.ReadString(), null)];

        var result = Broker.Authorizer.AllowsGroup(request, AclOperation.Read, groupId)
            ? Broker.Groups.LeaveGroup(groupId, members)
            : new LeaveGroupResult(ErrorCode.GroupAuthorizationFailed, members.Select(_ => ErrorCode.GroupAuthorizationFailed).ToList());
        if (v >= 1)
        {
            response.WriteInt32(0);
        }

        if (v >= 3)
        {
            response.WriteInt16(result.Error);
            response.WriteArrayLength(members.Count);
            for (var i = 0; i < members.Count; i++)
            {
                response.WriteString(members[i].MemberId);
                response.WriteString(members[i].GroupInstanceId);
                response.WriteInt16(result.MemberErrors[i]);
            }
        }
        else
        {
            response.WriteInt16(result.Error != ErrorCode.None ? result.Error : result.MemberErrors[0]);
        }

        return ValueTask.FromResult(true);
    }
}
