using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// DeleteAcls: v0-3, flexible from v2.
/// Behaviour: needs ALTER on the cluster (else CLUSTER_AUTHORIZATION_FAILED per filter); without an authorizer each
/// filter answers SECURITY_DISABLED. Removes every ACL any valid filter matches, durably before the answer, and
/// lists per filter the ACLs it matched. A filter with an UNKNOWN field answers INVALID_REQUEST and removes nothing.
/// Version notes: v1 adds the pattern type (v0: LITERAL); v2 flexible; v3 USER.
/// </summary>
internal sealed class DeleteAclsHandler(BrokerContext broker) : MessageHandler<DeleteAclsRequest, DeleteAclsResponse>(broker)
{
    public override ApiKey Key => ApiKey.DeleteAcls;

    public override short MinVersion => 0;

    public override short MaxVersion => 3;

    protected override ValueTask<DeleteAclsResponse> HandleAsync(Request request, DeleteAclsRequest message, CancellationToken cancellationToken)
    {
        var version = request.Version;
        var filters = message.Filters
            .Select(f => AclWire.Filter(f.ResourceTypeFilter, f.ResourceNameFilter, f.PatternTypeFilter, f.PrincipalFilter, f.HostFilter, f.Operation, f.PermissionType))
            .ToList();
        var results = Delete(request, filters);
        return ValueTask.FromResult(new DeleteAclsResponse
        {
            FilterResults = results.Select(result => new DeleteAclsResponse.DeleteAclsFilterResult
            {
                ErrorCode = result.Error,
                ErrorMessage = result.Message,
                MatchingAcls = result.Matched.Where(a => AclWire.Representable(a, version)).Select(acl => new DeleteAclsResponse.DeleteAclsMatchingAcl
                {
                    ErrorMessage = null,
                    ResourceType = (sbyte)acl.ResourceType,
                    ResourceName = acl.ResourceName,
                    PatternType = (sbyte)acl.PatternType,
                    Principal = acl.Principal,
                    Host = acl.Host,
                    Operation = (sbyte)acl.Operation,
                    PermissionType = (sbyte)acl.Permission,
                }).ToList(),
            }).ToList(),
        });
    }

    private List<(ErrorCode Error, string? Message, IReadOnlyList<AclBinding> Matched)> Delete(Request request, List<AclBindingFilter> filters)
    {
        if (AclWire.Refusal(Broker.Authorizer, request, AclOperation.Alter) is { } refused)
        {
            return filters.Select(_ => (refused.Error, (string?)refused.Message, (IReadOnlyList<AclBinding>)[])).ToList();
        }

        var acls = Broker.Authorizer.Acls!;

        var valid = filters.Where(f => f.Invalid() is null).ToList();
        IReadOnlyList<IReadOnlyList<AclBinding>> matched;
        try
        {
            matched = acls.Delete(valid);
        }
        catch (IOException ex)
        {
            var message = $"The ACLs could not be stored: {ex.Message}";
            return filters.Select(_ => (ErrorCode.UnknownServerError, (string?)message, (IReadOnlyList<AclBinding>)[])).ToList();
        }

        var next = 0;
        return filters.Select(f => f.Invalid() is { } why
            ? (ErrorCode.InvalidRequest, why, (IReadOnlyList<AclBinding>)[])
            : (ErrorCode.None, (string?)null, matched[next++])).ToList();
    }
}
