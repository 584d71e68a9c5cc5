using Stormline.Broker.Protocol;
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
internal sealed class DeleteAclsHandler(BrokerContext broker) : ApiHandler(broker)
{
    public override ApiKey Key => ApiKey.DeleteAcls;

    public override short MinVersion => 0;

    public override short MaxVersion => 3;

    public override short FirstFlexibleVersion => 2;

    public override ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var version = request.Version;
        var filters = request.Body.ReadArray(r =>
        {
            var filter = AclWire.ReadFilter(r, version);
            r.SkipTaggedFields();
            return filter;
        });
        request.Body.SkipTaggedFields();

        var results = Delete(request, filters);
        response.WriteInt32(0);
        response.WriteArray(results, (w, result) =>
        {
            w.WriteInt16(result.Error);
            w.WriteString(result.Message);
            w.WriteArray(result.Matched.Where(a => AclWire.Representable(a, version)).ToList(), (x, acl) =>
            {
                x.WriteInt16(ErrorCode.None);
                x.WriteString(null);
                x.WriteInt8((sbyte)acl.ResourceType);
                x.WriteString(acl.ResourceName);
                AclWire.WritePatternType(x, version, acl.PatternType);
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
