using Stormline.Broker.Protocol;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// The ACL fields the three ACL APIs share: a binding filter (DescribeAcls' body, each DeleteAcls filter) and the
/// pattern type, which exists on the wire from v1 (v0 means LITERAL, Kafka's default for the field).
/// </summary>
internal static class AclWire
{
    /// <summary>
    /// Why an ACL request is refused as a whole, as Kafka's AclApis decides: the caller lacks <paramref name="operation"/>
    /// on the cluster (CLUSTER_AUTHORIZATION_FAILED), or there is no authorizer (SECURITY_DISABLED); null to go on.
    /// </summary>
    public static (ErrorCode Error, string Message)? Refusal(Authorizer authorizer, Request request, AclOperation operation) =>
        !authorizer.AllowsCluster(request, operation) ? (ErrorCode.ClusterAuthorizationFailed, "Cluster authorization failed.")
        : authorizer.Acls is null ? (ErrorCode.SecurityDisabled, "No Authorizer is configured.")
        : null;

    /// <summary>A filter as DescribeAcls and DeleteAcls carry it (v0 has no pattern type: the generated default is LITERAL).</summary>
    public static AclBindingFilter Filter(sbyte resourceType, string? resourceName, sbyte patternType, string? principal, string? host, sbyte operation, sbyte permission) =>
        new((AclResourceType)resourceType, resourceName, (AclPatternType)patternType, principal, host, (AclOperation)operation, (AclPermission)permission);

    /// <summary>A v0 client cannot see a PREFIXED pattern, so Kafka leaves those out of its answers.</summary>
    public static bool Representable(AclBinding acl, short version) => version >= 1 || acl.PatternType == AclPatternType.Literal;
}
