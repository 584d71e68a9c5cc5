using System.Globalization;
using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;
using Stormline.Broker.Topics;

namespace Stormline.Broker.Handlers;

/// <summary>
/// DescribeConfigs: v0-1.
/// Behaviour: TOPIC resources (type 2) list every topic config this broker implements with its effective value:
/// overrides as DYNAMIC_TOPIC_CONFIG, the rest from the broker as STATIC_BROKER_CONFIG (the operator set the
/// broker-wide option), DYNAMIC_BROKER_CONFIG / DYNAMIC_DEFAULT_BROKER_CONFIG (changed at runtime) or DEFAULT_CONFIG;
/// none is read-only or sensitive. BROKER resources (type 4) named with this node's id list the broker's configs
/// under their Kafka names, read-only except the dynamic broker configs; an empty name lists the cluster-wide dynamic
/// defaults that are set. A key list filters (unknown keys are
/// left out); null lists everything. Resources are answered in request order, one result each.
/// Errors per resource (with a message): UNKNOWN_TOPIC_OR_PARTITION, INVALID_TOPIC_EXCEPTION for a name that cannot
/// be a topic, INVALID_REQUEST for another broker id, a non-numeric one, or a resource type this broker has no
/// configs for (e.g. BROKER_LOGGER).
/// Version notes: v0 has is_default instead of config_source and no synonyms; v1 adds include_synonyms, config_source
/// and synonyms (the override first, then the broker config it falls back to).
/// Skipped: v2+ — librdkafka 2.x asks for ≤ 1.
/// </summary>
internal sealed class DescribeConfigsHandler(BrokerContext broker) : MessageHandler<DescribeConfigsRequest, DescribeConfigsResponse>(broker)
{
    public override ApiKey Key => ApiKey.DescribeConfigs;

    public override short MinVersion => 0;

    public override short MaxVersion => 1;

    protected override ValueTask<DescribeConfigsResponse> HandleAsync(Request request, DescribeConfigsRequest message, CancellationToken cancellationToken)
    {
        var results = message.Resources.Select(resource =>
        {
            var (type, name) = ((ConfigResourceType)resource.ResourceType, resource.ResourceName);
            var (result, configs) = ConfigAuthorization.Denied(Broker.Authorizer, request, type, name, AclOperation.DescribeConfigs) is { } denied
                ? (denied, [])
                : Describe(type, name, resource.ConfigurationKeys?.ToHashSet(StringComparer.Ordinal), message.IncludeSynonyms);
            return new DescribeConfigsResponse.DescribeConfigsResult
            {
                ErrorCode = result.Error,
                ErrorMessage = result.Message,
                ResourceType = resource.ResourceType,
                ResourceName = name,
                Configs = configs.Select(config => new DescribeConfigsResponse.DescribeConfigsResourceResult
                {
                    Name = config.Name,
                    Value = config.Value,
                    ReadOnly = config.ReadOnly,
                    IsDefault = config.IsDefault,
                    ConfigSource = (sbyte)config.Source,
                    IsSensitive = config.Sensitive,
                    Synonyms = config.Synonyms.Select(s => new DescribeConfigsResponse.DescribeConfigsSynonym { Name = s.Name, Value = s.Value, Source = (sbyte)s.Source }).ToList(),
                }).ToList(),
            };
        }).ToList();
        return ValueTask.FromResult(new DescribeConfigsResponse { Results = results });
    }

    private (TopicResult Result, List<DescribedConfig> Configs) Describe(ConfigResourceType type, string name, HashSet<string>? keys, bool includeSynonyms)
    {
        switch (type)
        {
            case ConfigResourceType.Topic:
                if (TopicNames.Validate(name) is { } invalid)
                {
                    return (new TopicResult(ErrorCode.InvalidTopicException, invalid), []);
                }

                if (!Broker.Topics.TryGet(name, out var topic))
                {
                    return (new TopicResult(ErrorCode.UnknownTopicOrPartition, $"Topic '{name}' does not exist."), []);
                }

                return (TopicResult.Ok, TopicConfigDescriber.Describe(topic.Configs, Broker.Options, Broker.DynamicConfigs.SourceOf, keys, includeSynonyms));
            case ConfigResourceType.Broker:
                if (name.Length == 0)
                {
                    return (TopicResult.Ok, BrokerConfigDescriber.DescribeClusterDefaults(Broker, keys, includeSynonyms));
                }

                if (!int.TryParse(name, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id))
                {
                    return (new TopicResult(ErrorCode.InvalidRequest, $"Broker id must be an integer, but it is: {name}"), []);
                }

                if (id != Broker.NodeId)
                {
                    return (new TopicResult(ErrorCode.InvalidRequest, $"Unexpected broker id, expected {Broker.NodeId} or empty string, but received {name}"), []);
                }

                return (TopicResult.Ok, BrokerConfigDescriber.Describe(Broker, keys, includeSynonyms));
            default:
                return (new TopicResult(ErrorCode.InvalidRequest, $"Unsupported resource type {(sbyte)type}: this broker describes TOPIC (2) and BROKER (4) configs"), []);
        }
    }
}
