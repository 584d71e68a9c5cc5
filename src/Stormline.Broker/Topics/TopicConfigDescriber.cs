using Stormline.Broker.Server;

namespace Stormline.Broker.Topics;

/// <summary>
/// A topic's configs as Kafka's DescribeConfigs reports them: every topic config this broker implements, with its
/// effective value. An override is DYNAMIC_TOPIC_CONFIG; otherwise the value comes from the broker: a dynamic broker
/// config's source when one was set at runtime, STATIC_BROKER_CONFIG when the operator set the broker-wide option and
/// DEFAULT_CONFIG when nobody did. Synonyms list the override (if
/// any) and then the broker config it falls back to, as Kafka does.
/// </summary>
public static class TopicConfigDescriber
{
    /// <param name="dynamicSource">Where a broker config set at runtime comes from, by broker config name; null when it was not.</param>
    /// <param name="keys">Only these names (unknown ones are skipped); null for all.</param>
    public static List<DescribedConfig> Describe(IReadOnlyDictionary<string, string> overrides, BrokerOptions broker, Func<string, ConfigSource?> dynamicSource, IReadOnlyCollection<string>? keys, bool includeSynonyms)
    {
        var result = new List<DescribedConfig>();
        foreach (var name in TopicConfig.Names)
        {
            if (keys is not null && !keys.Contains(name))
            {
                continue;
            }

            var brokerValue = TopicConfig.DefaultValue(name, broker);
            var brokerSource = dynamicSource(TopicConfig.BrokerSynonym(name))
                ?? (TopicConfig.IsSetOnBroker(name, broker) ? ConfigSource.StaticBrokerConfig : ConfigSource.DefaultConfig);
            var brokerSynonym = new ConfigSynonym(TopicConfig.BrokerSynonym(name), brokerValue, brokerSource);
            var config = overrides.TryGetValue(name, out var value)
                ? new DescribedConfig(name, value, ConfigSource.DynamicTopicConfig, ReadOnly: false, Sensitive: false,
                    includeSynonyms ? [new ConfigSynonym(name, value, ConfigSource.DynamicTopicConfig), brokerSynonym] : [])
                : new DescribedConfig(name, brokerValue, brokerSource, ReadOnly: false, Sensitive: false,
                    includeSynonyms ? [brokerSynonym] : []);
            result.Add(config);
        }

        return result;
    }
}
