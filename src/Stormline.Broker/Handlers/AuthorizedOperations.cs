using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// The authorized-operations bitfields of Describe* answers (KIP-430): bit n set means the caller may perform
/// Kafka's AclOperation n. The constants are the operations each resource type supports, as Kafka lists them; the
/// authorizer keeps those the caller is allowed (all without an authorizer); <see cref="Omitted"/> when not asked.
/// </summary>
internal static class AuthorizedOperations
{
    public const int Omitted = int.MinValue;

    private const int Read = 1 << 3;
    private const int Write = 1 << 4;
    private const int Create = 1 << 5;
    private const int Delete = 1 << 6;
    private const int Alter = 1 << 7;
    private const int Describe = 1 << 8;
    private const int ClusterAction = 1 << 9;
    private const int DescribeConfigs = 1 << 10;
    private const int AlterConfigs = 1 << 11;
    private const int IdempotentWrite = 1 << 12;

    public const int Cluster = Create | Alter | Describe | ClusterAction | DescribeConfigs | AlterConfigs | IdempotentWrite;

    public const int Topic = Read | Write | Create | Delete | Alter | Describe | DescribeConfigs | AlterConfigs;

    public const int Group = Read | Delete | Describe;

    public static int When(bool asked, int operations) => asked ? operations : Omitted;

    public static int OfCluster(Authorizer authorizer, Request request) =>
        authorizer.Operations(request, AclResourceType.Cluster, AclBinding.ClusterName, Cluster);

    public static int OfTopic(Authorizer authorizer, Request request, string topic) =>
        authorizer.Operations(request, AclResourceType.Topic, topic, Topic);

    public static int OfGroup(Authorizer authorizer, Request request, string group) =>
        authorizer.Operations(request, AclResourceType.Group, group, Group);
}
