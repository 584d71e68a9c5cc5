namespace Stormline.Ops.Collecting;

/// <summary>A topic and partition, as a value usable as a dictionary key.</summary>
public readonly record struct TopicPartitionKey(string Topic, int Partition)
{
    public override string ToString() => $"{Topic}[{Partition}]";
}
