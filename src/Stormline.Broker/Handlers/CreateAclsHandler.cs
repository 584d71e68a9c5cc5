using Stormline.Broker.Protocol;
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
internal sealed class CreateAclsHandler(BrokerContext broker) : ApiHandler(broker)
{
    public override ApiKey Key => ApiKey.CreateAcls;

    public override short MinVersion => 0;

    public override short MaxVersion => 3;

    public override short FirstFlexibleVersion => 2;

    public override ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var version = request.Version;
        var creations = request.Body.ReadArray(r =>
        {
            var binding = new AclBinding(
                (AclResourceType)r.ReadInt8(), r.ReadString(), AclWire.ReadPatternType(r, version),
                r.ReadString(), r.ReadString(), (AclOperation)r.ReadInt8(), (AclPermission)r.ReadInt8());
            r.SkipTaggedFields();
            return binding;
        });
        request.Body.SkipTaggedFields();

        var results = Create(request, creations);
        response.WriteInt32(0);
        response.WriteArray(results, static (w, r) =>
        {
            w.WriteInt16(r.Error);
            w.WriteString(r.Message);
            w.WriteEmptyTaggedFields();
        });
        response.WriteEmptyTaggedFields();
        return ValueTask.FromResult(true);
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
