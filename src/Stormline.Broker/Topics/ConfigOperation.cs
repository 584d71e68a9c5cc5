namespace Stormline.Broker.Topics;

/// <summary>IncrementalAlterConfigs operation types (Kafka's AlterConfigOp.OpType numbering).</summary>
public enum ConfigOperation : sbyte
{
    Set = 0,
    Delete = 1,
    Append = 2,
    Subtract = 3,
}
