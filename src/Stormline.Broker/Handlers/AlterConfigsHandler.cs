using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;
using Stormline.Broker.Topics;

namespace Stormline.Broker.Handlers;

/// <summary>
/// AlterConfigs: v0-2 (the legacy, non-incremental form).
/// Behaviour: per TOPIC resource, the given configs become the topic's complete set of overrides; every config not
/// named goes back to its default, and a null value counts as not named. Validated whole, persisted, then applied to
/// the live partition logs; validate_only changes nothing. One answer per resource, in request order.
/// Per BROKER resource (this node's id, or empty for the cluster-wide default), the same for the dynamic broker
/// configs of that level (see DynamicBrokerConfigs).
/// Errors per resource (with a message): UNKNOWN_TOPIC_OR_PARTITION; INVALID_CONFIG for an unknown topic config name
/// or a bad value; INVALID_REQUEST for a key or resource named twice, a broker config that cannot change at runtime,
/// another broker's id and other resource types; INVALID_TOPIC_EXCEPTION for a name that cannot be a topic;
/// KAFKA_STORAGE_ERROR when the change cannot be persisted.
/// Version notes: v1 is the same as v0 (throttling behaviour only); v2 flexible.
/// </summary>
internal sealed class AlterConfigsHandler(BrokerContext broker) : MessageHandler<AlterConfigsRequest, AlterConfigsResponse>(broker)
{
    public override ApiKey Key => ApiKey.AlterConfigs;

    public override short MinVersion => 0;

    public override short MaxVersion => 2;

    protected override ValueTask<AlterConfigsResponse> HandleAsync(Request request, AlterConfigsRequest message, CancellationToken cancellationToken)
    {
        var results = ConfigAlterTarget.Results(
            message.Resources,
            r => ((ConfigResourceType)r.ResourceType, r.ResourceName),
            r => ConfigAuthorization.Denied(Broker.Authorizer, request, (ConfigResourceType)r.ResourceType, r.ResourceName, AclOperation.AlterConfigs)
                ?? Alter(r, message.ValidateOnly));
        return ValueTask.FromResult(new AlterConfigsResponse
        {
            Responses = results.Select(r => new AlterConfigsResponse.AlterConfigsResourceResponse
            {
                ErrorCode = r.Result.Error,
                ErrorMessage = r.Result.Message,
                ResourceType = (sbyte)r.Type,
                ResourceName = r.Name,
            }).ToList(),
        });
    }

    private TopicResult Alter(AlterConfigsRequest.AlterConfigsResource resource, bool validateOnly)
    {
        var type = (ConfigResourceType)resource.ResourceType;
        if (ConfigAlterTarget.Check(Broker, type, resource.ResourceName) is { } refused)
        {
            return refused;
        }

        var configs = resource.Configs.Select(c => (c.Name, c.Value)).ToList();
        return type == ConfigResourceType.Broker
            ? Broker.DynamicConfigs.Alter(resource.ResourceName.Length == 0, _ => Replace(configs, topicNames: false), validateOnly)
            : Broker.Topics.UpdateConfigs(resource.ResourceName, _ => Replace(configs, topicNames: true), validateOnly);
    }

    /// <summary>
    /// The new set: the named configs with a value; checked here after the topic was found, as Kafka orders its
    /// errors (broker config names are checked by DynamicBrokerConfigs).
    /// </summary>
    private static (TopicResult, Dictionary<string, string>?) Replace(List<(string Name, string? Value)> configs, bool topicNames)
    {
        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in configs)
        {
            if (!seen.Add(name))
            {
                return (new TopicResult(ErrorCode.InvalidRequest, $"Error due to duplicate config keys: '{name}' appears more than once"), null);
            }

            if (topicNames && !TopicConfig.Names.Contains(name))
            {
                return (new TopicResult(ErrorCode.InvalidConfig, $"Unknown topic config name: {name}"), null);
            }

            if (value is not null)
            {
                overrides[name] = value;
            }
        }

        return (TopicResult.Ok, overrides);
    }
}
