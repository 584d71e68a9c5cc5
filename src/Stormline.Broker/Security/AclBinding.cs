namespace Stormline.Broker.Security;

/// <summary>
/// One ACL: a resource pattern (type, name, LITERAL or PREFIXED) and an entry (principal, host, operation,
/// ALLOW or DENY), as Kafka's AclBinding. Immutable; equal bindings are the same ACL.
/// </summary>
public sealed record AclBinding(
    AclResourceType ResourceType,
    string ResourceName,
    AclPatternType PatternType,
    string Principal,
    string Host,
    AclOperation Operation,
    AclPermission Permission)
{
    /// <summary>The only name a CLUSTER resource has (Kafka's Resource.CLUSTER_NAME).</summary>
    public const string ClusterName = "kafka-cluster";

    /// <summary>The resource name or host that stands for every one.</summary>
    public const string Wildcard = "*";

    /// <summary>
    /// Why this binding is refused (INVALID_REQUEST), or null when it is valid: Kafka's controller checks
    /// (AclControlManager.validateNewAcl), plus two of ours that refuse an ACL which could never match — a CLUSTER
    /// name other than kafka-cluster, an empty host — and a principal with an empty type or name.
    /// </summary>
    public string? Invalid() => this switch
    {
        { ResourceType: AclResourceType.Unknown or AclResourceType.Any or < 0 or > AclResourceType.User } => $"Invalid resource type {(sbyte)ResourceType}",
        { PatternType: not (AclPatternType.Literal or AclPatternType.Prefixed) } => $"Invalid patternType {(sbyte)PatternType}",
        { Operation: AclOperation.Unknown or AclOperation.Any or < 0 or > AclOperation.DescribeTokens } => $"Invalid operation {(sbyte)Operation}",
        { Permission: not (AclPermission.Allow or AclPermission.Deny) } => $"Invalid permission type {(sbyte)Permission}",
        { ResourceName.Length: 0 } => "Resource name should not be empty",
        { ResourceType: AclResourceType.Cluster, ResourceName: not ClusterName } => $"The only valid name for the CLUSTER resource is {ClusterName}",
        _ when !KafkaPrincipal.IsValid(Principal) => $"Could not parse principal '{Principal}' (expected Type:name, e.g. User:alice)",
        { Host.Length: 0 } => "Host should not be empty (use * for every host)",
        _ => null,
    };

    /// <summary>Whether this binding's pattern covers the resource <paramref name="name"/> of its type.</summary>
    public bool Covers(string name) => PatternType switch
    {
        AclPatternType.Literal => ResourceName == Wildcard || ResourceName == name,
        AclPatternType.Prefixed => name.StartsWith(ResourceName, StringComparison.Ordinal),
        _ => false,
    };
}
