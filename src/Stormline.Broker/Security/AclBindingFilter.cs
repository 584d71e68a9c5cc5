namespace Stormline.Broker.Security;

/// <summary>
/// Selects ACLs for DescribeAcls and DeleteAcls, with Kafka's AclBindingFilter rules: ANY type, operation and
/// permission and null name, principal and host match everything; pattern type ANY compares the name exactly in
/// either pattern type, MATCH selects every binding that applies to the named resource (its literal name, the
/// literal <c>*</c>, and prefixes of it).
/// </summary>
public sealed record AclBindingFilter(
    AclResourceType ResourceType,
    string? ResourceName,
    AclPatternType PatternType,
    string? Principal,
    string? Host,
    AclOperation Operation,
    AclPermission Permission)
{
    /// <summary>Why Kafka refuses this filter (INVALID_REQUEST): an UNKNOWN field can match nothing sensibly.</summary>
    public string? Invalid() => this switch
    {
        { ResourceType: AclResourceType.Unknown or < 0 or > AclResourceType.User } => $"Invalid resource type filter {(sbyte)ResourceType}",
        { PatternType: AclPatternType.Unknown or < 0 or > AclPatternType.Prefixed } => $"Invalid pattern type filter {(sbyte)PatternType}",
        { Operation: AclOperation.Unknown or < 0 or > AclOperation.DescribeTokens } => $"Invalid operation filter {(sbyte)Operation}",
        { Permission: AclPermission.Unknown or < 0 or > AclPermission.Allow } => $"Invalid permission type filter {(sbyte)Permission}",
        _ => null,
    };

    public bool Matches(AclBinding acl) =>
        MatchesPattern(acl)
        && (Principal is null || Principal == acl.Principal)
        && (Host is null || Host == acl.Host)
        && (Operation == AclOperation.Any || Operation == acl.Operation)
        && (Permission == AclPermission.Any || Permission == acl.Permission);

    private bool MatchesPattern(AclBinding acl)
    {
        if (ResourceType != AclResourceType.Any && ResourceType != acl.ResourceType)
        {
            return false;
        }

        if (PatternType is not (AclPatternType.Any or AclPatternType.Match) && PatternType != acl.PatternType)
        {
            return false;
        }

        if (ResourceName is null)
        {
            return true;
        }

        return PatternType is AclPatternType.Any || PatternType == acl.PatternType
            ? ResourceName == acl.ResourceName
            : acl.Covers(ResourceName);
    }
}
