namespace Stormline.Broker.Topics;

/// <summary>Where a config value comes from, numbered as Kafka's DescribeConfigs config_source (v1+).</summary>
public enum ConfigSource : sbyte
{
    Unknown = 0,

    /// <summary>A topic override (Kafka's DYNAMIC_TOPIC_CONFIG).</summary>
    DynamicTopicConfig = 1,
    DynamicBrokerConfig = 2,
    DynamicDefaultBrokerConfig = 3,

    /// <summary>Set in the broker's own configuration (server.properties, command line, <c>BrokerOptions</c>).</summary>
    StaticBrokerConfig = 4,

    /// <summary>Nobody set it: the built-in default.</summary>
    DefaultConfig = 5,
}
