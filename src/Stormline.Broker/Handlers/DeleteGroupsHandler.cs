using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// DeleteGroups: v0-2.
/// Behaviour: deletes each Empty group with its committed offsets (durably, before the answer). A group with members
/// gets NON_EMPTY_GROUP, an unknown group GROUP_ID_NOT_FOUND. A group named twice is answered once.
/// Version notes: v1 same as v0; v2 flexible.
/// </summary>
internal sealed class DeleteGroupsHandler(BrokerContext broker) : MessageHandler<DeleteGroupsRequest, DeleteGroupsResponse>(broker)
{
    public override ApiKey Key => ApiKey.DeleteGroups;

    public override short MinVersion => 0;

    public override short MaxVersion => 2;

    protected override ValueTask<DeleteGroupsResponse> HandleAsync(Request request, DeleteGroupsRequest message, CancellationToken cancellationToken)
    {
        var results = message.GroupsNames.Distinct(StringComparer.Ordinal)
            .Select(id => new DeleteGroupsResponse.DeletableGroupResult
            {
                GroupId = id,
                ErrorCode = Broker.Authorizer.AllowsGroup(request, AclOperation.Delete, id) ? Broker.Groups.DeleteGroup(id) : ErrorCode.GroupAuthorizationFailed,
            })
            .ToList();
        return ValueTask.FromResult(new DeleteGroupsResponse { Results = results });
    }
}
