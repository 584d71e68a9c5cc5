using Stormline.Broker.Protocol;
using Stormline.Broker.Server;
using Stormline.Broker.Topics;

namespace Stormline.Broker.Security;

/// <summary>
/// Kafka's ConfigHelper checks: DESCRIBE_CONFIGS or ALTER_CONFIGS on the topic (TOPIC_AUTHORIZATION_FAILED) or, for
/// a BROKER or BROKER_LOGGER resource, on the cluster (CLUSTER_AUTHORIZATION_FAILED). Checked before the resource
/// is looked at, so an unauthorized caller learns nothing about it.
/// </summary>
internal static class ConfigAuthorization
{
    public static TopicResult? Denied(Authorizer authorizer, Request request, ConfigResourceType type, string name, AclOperation operation) => type switch
    {
        ConfigResourceType.Topic when !authorizer.AllowsTopic(request, operation, name) =>
            new TopicResult(ErrorCode.TopicAuthorizationFailed, "Topic authorization failed."),
        ConfigResourceType.Broker or ConfigResourceType.BrokerLogger when !authorizer.AllowsCluster(request, operation) =>
            new TopicResult(ErrorCode.ClusterAuthorizationFailed, "Cluster authorization failed."),
        _ => null,
    };
}
