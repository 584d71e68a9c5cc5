using Stormline.Broker.Groups;
using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// ListGroups: v0-5.
/// Behaviour: every group this node coordinates (all of them), including empty groups that only hold committed
/// offsets (their protocol type is ""), filtered as Kafka's group coordinator filters them: by state names (any of
/// them, compared trimmed and case-insensitively; empty: all) and by group types (any of them, case-insensitive;
/// empty: all). Every group here is a classic group, so a types filter without "classic" lists nothing; a name that
/// is no state or type matches nothing, without error.
/// Version notes: v1 throttle; v2 same as v1; v3 flexible; v4 states filter and each group's state (KIP-518); v5 types
/// filter and each group's type (KIP-848).
/// </summary>
internal sealed class ListGroupsHandler(BrokerContext broker) : MessageHandler<ListGroupsRequest, ListGroupsResponse>(broker)
{
    public override ApiKey Key => ApiKey.ListGroups;

    public override short MinVersion => 0;

    public override short MaxVersion => 5;

    /// <summary>Kafka's name for the group type of the classic protocol (JoinGroup/SyncGroup), the only one served here.</summary>
    private const string ClassicType = "classic";

    protected override ValueTask<ListGroupsResponse> HandleAsync(Request request, ListGroupsRequest message, CancellationToken cancellationToken)
    {
        // As Kafka: DESCRIBE on the cluster lists every group, otherwise only the groups the caller may DESCRIBE.
        var all = Broker.Authorizer.AllowsCluster(request, AclOperation.Describe);
        var states = message.StatesFilter.Select(s => s.Trim().ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var classicListed = message.TypesFilter.Count == 0 || message.TypesFilter.Any(t => string.Equals(t, ClassicType, StringComparison.OrdinalIgnoreCase));
        var groups = Broker.Groups.ListGroups()
            .Where(g => classicListed && (states.Count == 0 || states.Contains(g.State.KafkaName().ToLowerInvariant())))
            .Where(g => all || Broker.Authorizer.AllowsGroup(request, AclOperation.Describe, g.GroupId))
            .Select(g => new ListGroupsResponse.ListedGroup { GroupId = g.GroupId, ProtocolType = g.ProtocolType, GroupState = g.State.KafkaName(), GroupType = ClassicType })
            .ToList();
        return ValueTask.FromResult(new ListGroupsResponse { Groups = groups });
    }
}
