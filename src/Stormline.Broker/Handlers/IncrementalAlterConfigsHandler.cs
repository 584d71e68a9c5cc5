using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;
using Stormline.Broker.Topics;

namespace Stormline.Broker.Handlers;

/// <summary>
/// IncrementalAlterConfigs: v0-1.
/// Behaviour: per TOPIC resource, applies its operations in order to the topic's overrides: SET (0), DELETE (1: back
/// to the broker default), APPEND (2) / SUBTRACT (3) on list configs (cleanup.policy), starting from the effective
/// value. A resource is applied whole or not at all; the result is persisted, then reaches the live partition logs.
/// validate_only checks everything and changes nothing. One answer per resource, in request order.
/// Per BROKER resource (this node's id, or empty for the cluster-wide default): SET and DELETE on the dynamic broker
/// configs (see DynamicBrokerConfigs), persisted, then in effect for every topic that does not override them.
/// Errors per resource (with a message): UNKNOWN_TOPIC_OR_PARTITION; INVALID_CONFIG for an unknown topic config name,
/// an invalid resulting value, or APPEND/SUBTRACT on a config that is not a list; INVALID_REQUEST for an unknown
/// operation, a null value outside DELETE, a key or resource named twice, a broker config that cannot change at
/// runtime, another broker's id and other resource types; INVALID_TOPIC_EXCEPTION for a name that cannot be a topic;
/// KAFKA_STORAGE_ERROR when the change cannot be persisted.
/// Version notes: v1 flexible.
/// </summary>
internal sealed class IncrementalAlterConfigsHandler(BrokerContext broker) : MessageHandler<IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse>(broker)
{
    public override ApiKey Key => ApiKey.IncrementalAlterConfigs;

    public override short MinVersion => 0;

    public override short MaxVersion => 1;

    protected override ValueTask<IncrementalAlterConfigsResponse> HandleAsync(Request request, IncrementalAlterConfigsRequest message, CancellationToken cancellationToken)
    {
        var results = ConfigAlterTarget.Results(
            message.Resources,
            r => ((ConfigResourceType)r.ResourceType, r.ResourceName),
            r => ConfigAuthorization.Denied(Broker.Authorizer, request, (ConfigResourceType)r.ResourceType, r.ResourceName, AclOperation.AlterConfigs)
                ?? Alter(r, message.ValidateOnly));
        return ValueTask.FromResult(new IncrementalAlterConfigsResponse
        {
            Responses = results.Select(r => new IncrementalAlterConfigsResponse.AlterConfigsResourceResponse
            {
                ErrorCode = r.Result.Error,
                ErrorMessage = r.Result.Message,
                ResourceType = (sbyte)r.Type,
                ResourceName = r.Name,
            }).ToList(),
        });
    }

    private TopicResult Alter(IncrementalAlterConfigsRequest.AlterConfigsResource resource, bool validateOnly)
    {
        var type = (ConfigResourceType)resource.ResourceType;
        if (ConfigAlterTarget.Check(Broker, type, resource.ResourceName) is { } refused)
        {
            return refused;
        }

        var changes = resource.Configs.Select(c => new ConfigChange(c.Name, (ConfigOperation)c.ConfigOperation, c.Value)).ToList();
        return type == ConfigResourceType.Broker
            ? Broker.DynamicConfigs.Alter(resource.ResourceName.Length == 0, current => IncrementalConfigs.Apply(current, changes, Broker.Options, topicNames: false), validateOnly)
            : Broker.Topics.UpdateConfigs(resource.ResourceName, current => IncrementalConfigs.Apply(current, changes, Broker.Options), validateOnly);
    }
}
