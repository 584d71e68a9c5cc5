using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// ListGroups: v0-3.
/// Behaviour: every group this node coordinates (all of them), including empty groups that only hold committed
/// offsets (their protocol type is "").
/// Version notes: v1 throttle; v2 same as v1; v3 flexible.
/// Skipped: the states filter and group state (v4, flexible).
/// </summary>
internal sealed class ListGroupsHandler(BrokerContext broker) : MessageHandler<ListGroupsRequest, ListGroupsResponse>(broker)
{
    public override ApiKey Key => ApiKey.ListGroups;

    public override short MinVersion => 0;

    public override short MaxVersion => 3;

    protected override ValueTask<ListGroupsResponse> HandleAsync(Request request, ListGroupsRequest message, CancellationToken cancellationToken)
    {
        // As Kafka: DESCRIBE on the cluster lists every group, otherwise only the groups the caller may DESCRIBE.
        var all = Broker.Authorizer.AllowsCluster(request, AclOperation.Describe);
        var groups = Broker.Groups.ListGroups()
            .Where(g => all || Broker.Authorizer.AllowsGroup(request, AclOperation.Describe, g.GroupId))
            .Select(g => new ListGroupsResponse.ListedGroup { GroupId = g.GroupId, ProtocolType = g.ProtocolType })
            .ToList();
        return ValueTask.FromResult(new ListGroupsResponse { Groups = groups });
    }
}
