using System.Net;
using Stormline.Broker.Groups;
using Stormline.Broker.Protocol;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// JoinGroup: v0-5.
/// Behaviour: the classic group join. A join waits (asynchronously) until every known member rejoined or the
/// rebalance timeout ended; members that did not rejoin are dropped, the protocol every member supports with the most
/// first-choice votes is chosen, and the leader gets every member's metadata. An empty group waits
/// group.initial.rebalance.delay.ms first (default 0 here). Errors: INVALID_GROUP_ID, INVALID_SESSION_TIMEOUT (outside
/// group.min/max.session.timeout.ms), INCONSISTENT_GROUP_PROTOCOL, UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID.
/// Version notes: v0 has no rebalance timeout (the session timeout is used); v2 throttle; v4 a dynamic member with an
/// empty member id gets MEMBER_ID_REQUIRED and a generated id (KIP-394); v5 group_instance_id (static membership, KIP-345)
/// in the request and in the leader's member list.
/// Skipped: group.max.size (unlimited).
/// </summary>
internal sealed class JoinGroupHandler(BrokerContext broker) : ApiHandler(broker)
{
    public override ApiKey Key => ApiKey.JoinGroup;

    public override short MinVersion => 0;

    public override short MaxVersion => 5;

    public override async ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var v = request.Version;
        var body = request.Body;
        var groupId = body.ReadString();
        var sessionTimeoutMs = body.ReadInt32();
        var rebalanceTimeoutMs = v >= 1 ? body.ReadInt32() : sessionTimeoutMs;
        var memberId = body.ReadString();
        var groupInstanceId = v >= 5 ? body.ReadNullableString() : null;
        var protocolType = body.ReadString();
        var protocols = body.ReadArray(r => new GroupProtocol(r.ReadString(), r.ReadBytes().ToArray()));

        var join = new JoinRequest(
            groupId,
            memberId,
            groupInstanceId,
            RequireKnownMemberId: v >= 4 && groupInstanceId is null,
            request.ClientId,
            ClientAddress(request.ClientHost),
            sessionTimeoutMs,
            rebalanceTimeoutMs,
            protocolType,
            protocols);
        var result = Broker.Authorizer.AllowsGroup(request, AclOperation.Read, groupId)
            ? await Broker.Groups.JoinGroup(join).WaitAsync(cancellationToken)
            : JoinGroupResult.Failed(memberId, ErrorCode.GroupAuthorizationFailed);

        if (v >= 2)
        {
            response.WriteInt32(0);
        }

        response.WriteInt16(result.Error);
        response.WriteInt32(result.GenerationId);
        response.WriteString(result.ProtocolName ?? string.Empty);
        response.WriteString(result.LeaderId);
        response.WriteString(result.MemberId);
        response.WriteArray(result.Members, (w, m) =>
        {
            w.WriteString(m.MemberId);
            if (v >= 5)
            {
                w.WriteString(m.GroupInstanceId);
            }

            w.WriteBytes(m.Metadata);
        });
        return true;
    }

    /// <summary>The client's address as Kafka reports it in DescribeGroups ("/127.0.0.1").</summary>
    private static string ClientAddress(string endpoint) =>
        IPEndPoint.TryParse(endpoint, out var parsed) ? "/" + parsed.Address : endpoint;
}
