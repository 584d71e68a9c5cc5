using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// CreateAcls: v0-3, flexible from v2.
/// Behaviour: needs ALTER on the cluster (else CLUSTER_AUTHORIZATION_FAILED per creation); without an authorizer
/// each creation answers SECURITY_DISABLED. A creation Kafka's controller refuses (ANY or UNKNOWN fields, a pattern
/// other than LITERAL or PREFIXED, a principal that is not Type:name, an empty name; and, stricter than Kafka, a
/// CLUSTER name other than kafka-cluster or an empty host, which could never match) answers INVALID_REQUEST with the
/// reason; the valid ones are written durably, together, before the answer.
/// Creating an ACL that exists succeeds and keeps one copy.
/// Version notes: v1 adds the pattern type (v0: LITERAL); v2 flexible; v3 allows the USER resource type.
/// </summary>
internal sealed class CreateAclsHandler(BrokerContext broker) : MessageHandler<CreateAclsRequest, CreateAclsResponse>(broker)
{
    public override ApiKey Key => ApiKey.CreateAcls;

    public override short MinVersion => 0;

    public override short MaxVersion => 3;

    protected override ValueTask<CreateAclsResponse> HandleAsync(Request request, CreateAclsRequest message, CancellationToken cancellationToken)
    {
        var creations = message.Creations.Select(c => new AclBinding(
            (AclResourceType)c.ResourceType, c.ResourceName, (AclPatternType)c.ResourcePatternType,
            c.Principal, c.Host, (AclOperation)c.Operation, (AclPermission)c.PermissionType)).ToList();
        var results = Create(request, creations);
        return ValueTask.FromResult(new CreateAclsResponse
        {
            Results = results.Select(r => new CreateAclsResponse.AclCreationResult { ErrorCode = r.Error, ErrorMessage = r.Message }).ToList(),
        });
    }

    private List<(ErrorCode Error, string? Message)> Create(Request request, List<AclBinding> creations)
    {
        if (AclWire.Refusal(Broker.Authorizer, request, AclOperation.Alter) is { } refused)
        {
            return creations.Select(_ => (refused.Error, (string?)refused.Message)).ToList();
        }

        var acls = Broker.Authorizer.Acls!;

        var results = creations.Select(c => c.Invalid() is { } why ? (ErrorCode.InvalidRequest, why) : (ErrorCode.None, (string?)null)).ToList();
        try
        {
            acls.Create(creations.Where(c => c.Invalid() is null).ToList());
        }
        catch (IOException ex)
        {
            return results.Select(r => r.Item1 == ErrorCode.None ? (ErrorCode.UnknownServerError, $"The ACLs could not be stored: {ex.Message}") : r).ToList();
        }

        return results;
    }
}
