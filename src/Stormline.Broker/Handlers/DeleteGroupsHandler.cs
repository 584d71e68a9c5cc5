using Stormline.Broker.Protocol;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// DeleteGroups: v0-1.
/// Behaviour: deletes each Empty group with its committed offsets (durably, before the answer). A group with members
/// gets NON_EMPTY_GROUP, an unknown group GROUP_ID_NOT_FOUND. A group named twice is answered once.
/// Version notes: v1 same as v0.
/// </summary>
internal sealed class DeleteGroupsHandler(BrokerContext broker) : ApiHandler(broker)
{
    public override ApiKey Key => ApiKey.DeleteGroups;

    public override short MinVersion => 0;

    public override short MaxVersion => 1;

    public override ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var groupIds = request.Body.ReadArray(r => r.ReadString()).Distinct(StringComparer.Ordinal).ToList();
        var results = groupIds.Select(id => (
            Id: id,
            Error: Broker.Authorizer.AllowsGroup(request, AclOperation.Delete, id) ? Broker.Groups.DeleteGroup(id) : ErrorCode.GroupAuthorizationFailed)).ToList();

        response.WriteInt32(0);
        response.WriteArray(results, static (w, r) =>
        {
            w.WriteString(r.Id);
            w.WriteInt16(r.Error);
        });
        return ValueTask.FromResult(true);
    }
}
