using Stormline.Broker.Protocol;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// ListGroups: v0-2.
/// Behaviour: every group this node coordinates (all of them), including empty groups that only hold committed
/// offsets (their protocol type is "").
/// Version notes: v1 throttle; v2 same as v1.
/// Skipped: the states filter and group state (v4, flexible).
/// </summary>
internal sealed class ListGroupsHandler(BrokerContext broker) : ApiHandler(broker)
{
    public override ApiKey Key => ApiKey.ListGroups;

    public override short MinVersion => 0;

    public override short MaxVersion => 2;

    public override ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        if (request.Version >= 1)
        {
            response.WriteInt32(0);
        }

        response.WriteInt16(ErrorCode.None);
        // As Kafka: DESCRIBE on the cluster lists every group, otherwise only the groups the caller may DESCRIBE.
        var all = Broker.Authorizer.AllowsCluster(request, AclOperation.Describe);
        var groups = Broker.Groups.ListGroups().Where(g => all || Broker.Authorizer.AllowsGroup(request, AclOperation.Describe, g.GroupId)).ToList();
        response.WriteArray(groups, static (w, g) =>
        {
            w.WriteString(g.GroupId);
            w.WriteString(g.ProtocolType);
        });
        return ValueTask.FromResult(true);
    }
}
