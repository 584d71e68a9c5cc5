using Stormline.Broker.Protocol;
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
        response.WriteArray(Broker.Groups.ListGroups(), static (w, g) =>
        {
            w.WriteString(g.GroupId);
            w.WriteString(g.ProtocolType);
        });
        return ValueTask.FromResult(true);
    }
}
