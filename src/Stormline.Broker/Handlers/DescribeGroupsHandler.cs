using Stormline.Broker.Groups;
using Stormline.Broker.Protocol;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// DescribeGroups: v0-4.
/// Behaviour: per group: its state as Kafka names it ("Empty", "PreparingRebalance", "CompletingRebalance", "Stable",
/// "Dead"), protocol type, and members with client id and host. While the group is Stable the chosen protocol and each
/// member's metadata and assignment are included too (Kafka leaves them empty in other states). An unknown group is
/// described as "Dead" without error.
/// Version notes: v1 throttle; v3 include_authorized_operations (answered with READ, DELETE and DESCRIBE: there are no
/// ACLs, so everything is allowed; -2^31 when not asked for); v4 group_instance_id per member.
/// </summary>
internal sealed class DescribeGroupsHandler(BrokerContext broker) : ApiHandler(broker)
{
    public override ApiKey Key => ApiKey.DescribeGroups;

    public override short MinVersion => 0;

    public override short MaxVersion => 4;

    public override ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var v = request.Version;
        var body = request.Body;
        var groupIds = body.ReadArray(r => r.ReadString());
        var includeOperations = v >= 3 && body.ReadBool();

        if (v >= 1)
        {
            response.WriteInt32(0);
        }

        response.WriteArray(groupIds, (w, groupId) =>
        {
            var allowed = Broker.Authorizer.AllowsGroup(request, AclOperation.Describe, groupId);
            var group = allowed
                ? Broker.Groups.DescribeGroup(groupId)
                : new GroupDescription(ErrorCode.GroupAuthorizationFailed, groupId, string.Empty, string.Empty, string.Empty, []);
            w.WriteInt16(group.Error);
            w.WriteString(group.GroupId);
            w.WriteString(group.State);
            w.WriteString(group.ProtocolType);
            w.WriteString(group.ProtocolData);
            w.WriteArray(group.Members, (mw, m) =>
            {
                mw.WriteString(m.MemberId);
                if (v >= 4)
                {
                    mw.WriteString(m.GroupInstanceId);
                }

                mw.WriteString(m.ClientId);
                mw.WriteString(m.ClientHost);
                mw.WriteBytes(m.Metadata);
                mw.WriteBytes(m.Assignment);
            });
            if (v >= 3)
            {
                w.WriteInt32(AuthorizedOperations.When(includeOperations && allowed, AuthorizedOperations.OfGroup(Broker.Authorizer, request, groupId)));
            }
        });
        return ValueTask.FromResult(true);
    }
}
