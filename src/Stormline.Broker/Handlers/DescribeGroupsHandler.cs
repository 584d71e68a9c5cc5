using Stormline.Broker.Groups;
using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// DescribeGroups: v0-5.
/// Behaviour: per group: its state as Kafka names it ("Empty", "PreparingRebalance", "CompletingRebalance", "Stable",
/// "Dead"), protocol type, and members with client id and host. While the group is Stable the chosen protocol and each
/// member's metadata and assignment are included too (Kafka leaves them empty in other states). An unknown group is
/// described as "Dead" without error.
/// Version notes: v1 throttle; v3 include_authorized_operations (answered with READ, DELETE and DESCRIBE: there are no
/// ACLs, so everything is allowed; -2^31 when not asked for); v4 group_instance_id per member; v5 flexible.
/// </summary>
internal sealed class DescribeGroupsHandler(BrokerContext broker) : MessageHandler<DescribeGroupsRequest, DescribeGroupsResponse>(broker)
{
    public override ApiKey Key => ApiKey.DescribeGroups;

    public override short MinVersion => 0;

    public override short MaxVersion => 5;

    protected override ValueTask<DescribeGroupsResponse> HandleAsync(Request request, DescribeGroupsRequest message, CancellationToken cancellationToken)
    {
        var groups = message.Groups.Select(groupId =>
        {
            var allowed = Broker.Authorizer.AllowsGroup(request, AclOperation.Describe, groupId);
            var group = allowed
                ? Broker.Groups.DescribeGroup(groupId)
                : new GroupDescription(ErrorCode.GroupAuthorizationFailed, groupId, string.Empty, string.Empty, string.Empty, []);
            return new DescribeGroupsResponse.DescribedGroup
            {
                ErrorCode = group.Error,
                GroupId = group.GroupId,
                GroupState = group.State,
                ProtocolType = group.ProtocolType,
                ProtocolData = group.ProtocolData,
                Members = group.Members.Select(m => new DescribeGroupsResponse.DescribedGroupMember
                {
                    MemberId = m.MemberId,
                    GroupInstanceId = m.GroupInstanceId,
                    ClientId = m.ClientId,
                    ClientHost = m.ClientHost,
                    MemberMetadata = m.Metadata,
                    MemberAssignment = m.Assignment,
                }).ToList(),
                AuthorizedOperations = AuthorizedOperations.When(
                    message.IncludeAuthorizedOperations && allowed, AuthorizedOperations.OfGroup(Broker.Authorizer, request, groupId)),
            };
        }).ToList();
        return ValueTask.FromResult(new DescribeGroupsResponse { Groups = groups });
    }
}
