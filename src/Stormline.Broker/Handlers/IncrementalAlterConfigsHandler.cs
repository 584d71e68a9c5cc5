using Stormline.Broker.Protocol;
using Stormline.Broker.Security;
using Stormline.Broker.Server;
using Stormline.Broker.Topics;

namespace Stormline.Broker.Handlers;

/// <summary>
/// IncrementalAlterConfigs: v0.
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
/// Skipped: v1 (flexible) — librdkafka asks for ≤ 1 and picks v0 from this range.
/// </summary>
internal sealed class IncrementalAlterConfigsHandler(BrokerContext broker) : ApiHandler(broker)
{
    public override ApiKey Key => ApiKey.IncrementalAlterConfigs;

    public override short MinVersion => 0;

    public override short MaxVersion => 0;

    public override ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var body = request.Body;
        var resources = body.ReadArray(r => new Resource(
            (ConfigResourceType)r.ReadInt8(),
            r.ReadString(),
            r.ReadArray(c => new ConfigChange(c.ReadString(), (ConfigOperation)c.ReadInt8(), c.ReadNullableString()))));
        var validateOnly = body.ReadBool();

        ConfigAlterTarget.WriteResults(
            response,
            resources,
            r => (r.Type, r.Name),
            r => ConfigAuthorization.Denied(Broker.Authorizer, request, r.Type, r.Name, AclOperation.AlterConfigs) ?? Alter(r, validateOnly));

        return ValueTask.FromResult(true);
    }

    private TopicResult Alter(Resource resource, bool validateOnly)
    {
        if (ConfigAlterTarget.Check(Broker, resource.Type, resource.Name) is { } refused)
        {
            return refused;
        }

        return resource.Type == ConfigResourceType.Broker
            ? Broker.DynamicConfigs.Alter(resource.Name.Length == 0, current => IncrementalConfigs.Apply(current, resource.Changes, Broker.Options, topicNames: false), validateOnly)
            : Broker.Topics.UpdateConfigs(resource.Name, current => IncrementalConfigs.Apply(current, resource.Changes, Broker.Options), validateOnly);
    }

    private sealed record Resource(ConfigResourceType Type, string Name, List<ConfigChange> Changes);
}
