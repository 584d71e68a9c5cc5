using Stormline.Broker.Protocol;
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
internal sealed class DescribeAclsHandler(BrokerContext broker) : ApiHandler(broker)
{
    public override ApiKey Key => ApiKey.DescribeAcls;

    public override short MinVersion => 0;

    public override short MaxVersion => 3;

    public override short FirstFlexibleVersion => 2;

    public override ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var version = request.Version;
        var filter = AclWire.ReadFilter(request.Body, version);
        request.Body.SkipTaggedFields();

        var (error, message) = AclWire.Refusal(Broker.Authorizer, request, AclOperation.Describe) is { } refused ? refused
            : filter.Invalid() is { } why ? (ErrorCode.InvalidRequest, why)
            : (ErrorCode.None, (string?)null);
        var resources = error == ErrorCode.None
            ? Broker.Authorizer.Acls!.Describe(filter).Where(a => AclWire.Representable(a, version))
                .GroupBy(a => (a.ResourceType, a.ResourceName, a.PatternType)).ToList()
            : [];

        response.WriteInt32(0);
        response.WriteInt16(error);
        response.WriteString(message);
        response.WriteArray(resources, (w, resource) =>
        {
            w.WriteInt8((sbyte)resource.Key.ResourceType);
            w.WriteString(resource.Key.ResourceName);
            AclWire.WritePatternType(w, version, resource.Key.PatternType);
            w.WriteArray(resource.ToList(), static (x, acl) =>
            {
                x.WriteString(acl.Principal);
                x.WriteString(acl.Host);
                x.WriteInt8((sbyte)acl.Operation);
                x.WriteInt8((sbyte)acl.Permission);
                x.WriteEmptyTaggedFields();
            });
            w.WriteEmptyTaggedFields();
        });
        response.WriteEmptyTaggedFields();
        return ValueTask.FromResult(true);
    }
}
