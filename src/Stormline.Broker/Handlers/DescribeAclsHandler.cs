using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// DescribeAcls: v0-3, flexible from v2.
/// Behaviour: needs DESCRIBE on the cluster (else CLUSTER_AUTHORIZATION_FAILED); without an authorizer answers
/// SECURITY_DISABLED. Lists the ACLs the filter matches (<see cref="AclBindingFilter"/>: ANY, MATCH, LITERAL,
/// PREFIXED), grouped by resource pattern. A filter with an UNKNOWN field answers INVALID_REQUEST.
/// Version notes: v1 adds the pattern type (v0: LITERAL filter, prefixed ACLs not shown); v2 flexible; v3 USER.
/// </summary>
internal sealed class DescribeAclsHandler(BrokerContext broker) : MessageHandler<DescribeAclsRequest, DescribeAclsResponse>(broker)
{
    public override ApiKey Key => ApiKey.DescribeAcls;

    public override short MinVersion => 0;

    public override short MaxVersion => 3;

    protected override ValueTask<DescribeAclsResponse> HandleAsync(Request request, DescribeAclsRequest message, CancellationToken cancellationToken)
    {
        var version = request.Version;
        var filter = AclWire.Filter(
            message.ResourceTypeFilter, message.ResourceNameFilter, message.PatternTypeFilter, message.PrincipalFilter, message.HostFilter, message.Operation, message.PermissionType);
        var (error, text) = AclWire.Refusal(Broker.Authorizer, request, AclOperation.Describe) is { } refused ? refused
            : filter.Invalid() is { } why ? (ErrorCode.InvalidRequest, why)
            : (ErrorCode.None, (string?)null);
        var resources = error == ErrorCode.None
            ? Broker.Authorizer.Acls!.Describe(filter).Where(a => AclWire.Representable(a, version))
                .GroupBy(a => (a.ResourceType, a.ResourceName, a.PatternType)).ToList()
            : [];
        return ValueTask.FromResult(new DescribeAclsResponse
        {
            ErrorCode = error,
            ErrorMessage = text,
            Resources = resources.Select(resource => new DescribeAclsResponse.DescribeAclsResource
            {
                ResourceType = (sbyte)resource.Key.ResourceType,
                ResourceName = resource.Key.ResourceName,
                PatternType = (sbyte)resource.Key.PatternType,
                Acls = resource.Select(acl => new DescribeAclsResponse.AclDescription
                {
                    Principal = acl.Principal,
                    Host = acl.Host,
                    Operation = (sbyte)acl.Operation,
                    PermissionType = (sbyte)acl.Permission,
                }).ToList(),
            }).ToList(),
        });
    }
}
