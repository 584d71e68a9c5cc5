using System.Net;
using Stormline.Broker.Groups;
using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// JoinGroup: v0-8.
/// Behaviour: the classic group join. A join waits (asynchronously) until every known member rejoined or the
/// rebalance timeout ended; members that did not rejoin are dropped, the protocol every member supports with the most
/// first-choice votes is chosen, and the leader gets every member's metadata. An empty group waits
/// group.initial.rebalance.delay.ms first (default 0 here). Errors: INVALID_GROUP_ID, INVALID_SESSION_TIMEOUT (outside
/// group.min/max.session.timeout.ms), INCONSISTENT_GROUP_PROTOCOL, UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID.
/// Version notes: v0 has no rebalance timeout (the session timeout is used); v2 throttle; v4 a dynamic member with an
/// empty member id gets MEMBER_ID_REQUIRED and a generated id (KIP-394); v5 group_instance_id (static membership, KIP-345)
/// in the request and in the leader's member list.
/// v6 flexible; v7 the group's protocol type in the answer, and a protocol name that is null with an error (KIP-559);
/// v8 the member's reason (KIP-800), read and not kept.
/// Skipped: group.max.size (unlimited); v9 (skip_assignment for a static leader that rejoins, KIP-814).
/// </summary>
internal sealed class JoinGroupHandler(BrokerContext broker) : MessageHandler<JoinGroupRequest, JoinGroupResponse>(broker)
{
    public override ApiKey Key => ApiKey.JoinGroup;

    public override short MinVersion => 0;

    public override short MaxVersion => 8;

    protected override async ValueTask<JoinGroupResponse> HandleAsync(Request request, JoinGroupRequest message, CancellationToken cancellationToken)
    {
        var v = request.Version;
        var join = new JoinRequest(
            message.GroupId,
            message.MemberId,
            message.GroupInstanceId,
            RequireKnownMemberId: v >= 4 && message.GroupInstanceId is null,
            request.ClientId,
            ClientAddress(request.ClientHost),
            message.SessionTimeoutMs,
            v >= 1 ? message.RebalanceTimeoutMs : message.SessionTimeoutMs,
            message.ProtocolType,
            message.Protocols.Select(p => new GroupProtocol(p.Name, p.Metadata.ToArray())).ToList());
        var result = Broker.Authorizer.AllowsGroup(request, AclOperation.Read, message.GroupId)
            ? await Broker.Groups.JoinGroup(join).WaitAsync(cancellationToken)
            : JoinGroupResult.Failed(message.MemberId, ErrorCode.GroupAuthorizationFailed);

        return new JoinGroupResponse
        {
            ErrorCode = result.Error,
            GenerationId = result.GenerationId,
            // A member only joins when its protocol type is the group's, so a successful join answers the group's.
            ProtocolType = result.Error == ErrorCode.None ? message.ProtocolType : null,
            // Before v7 the name cannot be null: Kafka answers "" there.
            ProtocolName = result.ProtocolName ?? (v >= 7 ? null : string.Empty),
            Leader = result.LeaderId,
            MemberId = result.MemberId,
            Members = result.Members.Select(m => new JoinGroupResponse.JoinGroupResponseMember
            {
                MemberId = m.MemberId,
                GroupInstanceId = m.GroupInstanceId,
                Metadata = m.Metadata,
            }).ToList(),
        };
    }

    /// <summary>The client's address as Kafka reports it in DescribeGroups ("/127.0.0.1").</summary>
    private static string ClientAddress(string endpoint) =>
        IPEndPoint.TryParse(endpoint, out var parsed) ? "/" + parsed.Address : endpoint;
}
