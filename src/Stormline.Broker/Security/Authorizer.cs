using System.Net;
using Stormline.Broker.Server;

namespace Stormline.Broker.Security;

/// <summary>
/// Decides whether a principal from a host may perform an operation on a resource, with the rules of Kafka's
/// StandardAuthorizer (StandardAuthorizerData.authorize):
/// <list type="number">
/// <item><c>super.users</c> may do everything.</item>
/// <item>The ACLs that apply are those of the resource's type whose pattern covers its name (LITERAL name, LITERAL
/// <c>*</c>, PREFIXED) and whose principal (or <c>User:*</c>) and host (or <c>*</c>) match the caller.</item>
/// <item>A DENY for the operation (or ALL) wins over any ALLOW. An ALLOW of the operation or ALL grants it; an
/// ALLOW of READ, WRITE, DELETE or ALTER also grants DESCRIBE, and ALTER_CONFIGS grants DESCRIBE_CONFIGS (a DENY
/// implies nothing).</item>
/// <item>If ACLs cover the resource but none allows, the answer is no. If no ACL covers it at all, the answer is
/// <c>allow.everyone.if.no.acl.found</c> (default false).</item>
/// </list>
/// Without <c>authorizer.class.name</c> there is no authorizer: everything is allowed and the ACL APIs answer
/// SECURITY_DISABLED. Thread-safe: reads the store's immutable snapshot; a linear scan, fine for the hundreds of
/// ACLs a single-node broker holds.
/// </summary>
internal sealed class Authorizer
{
    /// <summary>The <c>authorizer.class.name</c> values that switch ACLs on (KRaft's and ZooKeeper mode's authorizer).</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["org.apache.kafka.metadata.authorizer.StandardAuthorizer", "kafka.security.authorizer.AclAuthorizer"];

    private readonly IReadOnlySet<string> _superUsers;
    private readonly bool _allowEveryoneIfNoAclFound;
    private readonly Func<string, string?>? _testPrincipal;

    public Authorizer(BrokerOptions options, string dataDirectory)
    {
        _superUsers = options.SuperUsers;
        _allowEveryoneIfNoAclFound = options.AllowEveryoneIfNoAclFound;
        _testPrincipal = options.TestPrincipalByClientId;
        Acls = string.IsNullOrEmpty(options.AuthorizerClassName) ? null : new AclStore(dataDirectory);
    }

    /// <summary>The ACLs; null when no authorizer is configured.</summary>
    public AclStore? Acls { get; }

    public bool Authorize(string principal, string host, AclOperation operation, AclResourceType type, string name)
    {
        if (Acls is null || _superUsers.Contains(principal))
        {
            return true;
        }

        var covered = false;
        var allowed = false;
        foreach (var acl in Acls.All)
        {
            if (acl.ResourceType != type || !acl.Covers(name))
            {
                continue;
            }

            covered = true;
            if (!AppliesTo(acl, principal, host))
            {
                continue;
            }

            if (acl.Permission == AclPermission.Deny && (acl.Operation == AclOperation.All || acl.Operation == operation))
            {
                return false;
            }

            allowed |= acl.Permission == AclPermission.Allow && Grants(acl.Operation, operation);
        }

        return allowed || (!covered && _allowEveryoneIfNoAclFound);
    }

    /// <summary>
    /// Kafka's Authorizer.authorizeByResourceType: whether some resource of <paramref name="type"/> allows the
    /// operation, i.e. an ALLOW (LITERAL or PREFIXED) that no DENY of a covering pattern cancels. InitProducerId
    /// without a transactional id asks it for WRITE on any topic.
    /// </summary>
    public bool AuthorizeAny(string principal, string host, AclOperation operation, AclResourceType type)
    {
        if (Acls is null || _superUsers.Contains(principal))
        {
            return true;
        }

        var acls = Acls.All.Where(a => a.ResourceType == type).ToList();
        if (acls.Count == 0)
        {
            return _allowEveryoneIfNoAclFound;
        }

        var mine = acls.Where(a => AppliesTo(a, principal, host) && (a.Operation == AclOperation.All || a.Operation == operation)).ToList();
        var denies = mine.Where(a => a.Permission == AclPermission.Deny).ToList();
        return mine.Any(allow => allow.Permission == AclPermission.Allow && !denies.Any(deny => Cancels(deny, allow)));
    }

    /// <summary>Without an authorizer this answers before looking at the request, so the produce and fetch paths pay nothing.</summary>
    public bool Authorize(Request request, AclOperation operation, AclResourceType type, string name) =>
        Acls is null || Authorize(PrincipalOf(request), HostOf(request), operation, type, name);

    public bool AllowsTopic(Request request, AclOperation operation, string topic) => Authorize(request, operation, AclResourceType.Topic, topic);

    public bool AllowsGroup(Request request, AclOperation operation, string group) => Authorize(request, operation, AclResourceType.Group, group);

    public bool AllowsCluster(Request request, AclOperation operation) => Authorize(request, operation, AclResourceType.Cluster, AclBinding.ClusterName);

    /// <summary>CreateTopics and auto-creation: CREATE on the cluster or on the topic.</summary>
    public bool AllowsCreateTopic(Request request, string topic) =>
        AllowsCluster(request, AclOperation.Create) || AllowsTopic(request, AclOperation.Create, topic);

    /// <summary>For the transaction APIs (AddPartitionsToTxn, EndTxn, …) and InitProducerId: WRITE on the transactional id.</summary>
    public bool AllowsTransactionalId(Request request, AclOperation operation, string transactionalId) =>
        Authorize(request, operation, AclResourceType.TransactionalId, transactionalId);

    public bool AllowsAnyTopic(Request request, AclOperation operation) =>
        Acls is null || AuthorizeAny(PrincipalOf(request), HostOf(request), operation, AclResourceType.Topic);

    /// <summary>The KIP-430 bitfield: of the <paramref name="supported"/> operation bits, those the caller is allowed.</summary>
    public int Operations(Request request, AclResourceType type, string name, int supported)
    {
        if (Acls is null)
        {
            return supported;
        }

        var principal = PrincipalOf(request);
        var host = HostOf(request);
        var allowed = 0;
        for (var op = (int)AclOperation.Read; op <= (int)AclOperation.DescribeTokens; op++)
        {
            if ((supported & (1 << op)) != 0 && Authorize(principal, host, (AclOperation)op, type, name))
            {
                allowed |= 1 << op;
            }
        }

        return allowed;
    }

    /// <summary>The authenticated principal; the test kit may name one per client.id (never from configuration).</summary>
    public string PrincipalOf(Request request) => _testPrincipal?.Invoke(request.ClientId) ?? request.Principal;

    /// <summary>The client's IP address as ACL hosts name it (without port; IPv4-mapped addresses as IPv4).</summary>
    public static string HostOf(Request request) =>
        IPEndPoint.TryParse(request.ClientHost, out var endpoint)
            ? (endpoint.Address.IsIPv4MappedToIPv6 ? endpoint.Address.MapToIPv4() : endpoint.Address).ToString()
            : request.ClientHost;

    /// <summary>Whether a DENY covers every resource an ALLOW covers (a literal name only covers itself, a prefix everything after it).</summary>
    private static bool Cancels(AclBinding deny, AclBinding allow) =>
        deny.PatternType == AclPatternType.Literal && deny.ResourceName == AclBinding.Wildcard
        || (deny.Covers(allow.ResourceName) && (deny.PatternType == AclPatternType.Prefixed || allow.PatternType == AclPatternType.Literal));

    private static bool AppliesTo(AclBinding acl, string principal, string host) =>
        (acl.Principal == principal || acl.Principal == KafkaPrincipal.Wildcard)
        && (acl.Host == AclBinding.Wildcard || acl.Host == host);

    private static bool Grants(AclOperation granted, AclOperation wanted) =>
        granted == AclOperation.All || granted == wanted
        || (wanted == AclOperation.Describe && granted is AclOperation.Read or AclOperation.Write or AclOperation.Delete or AclOperation.Alter)
        || (wanted == AclOperation.DescribeConfigs && granted == AclOperation.AlterConfigs);
}
