namespace Stormline.Broker.Topics;

/// <summary>Config resource types of DescribeConfigs, AlterConfigs and IncrementalAlterConfigs (Kafka's numbering).</summary>
public enum ConfigResourceType : sbyte
{
    Unknown = 0,
    Topic = 2,
    Broker = 4,
    BrokerLogger = 8,
}
