namespace Stormline.Ops.Collecting;

/// <summary>
/// A group's position on one partition. <see cref="CommittedOffset"/> is -1 for a partition that is assigned but has
/// no commit yet; its lag then counts every record still in the partition (latest minus earliest).
/// </summary>
public sealed record GroupPartitionOffset(string Topic, int Partition, long CommittedOffset, long LatestOffset, long Lag)
{
    public TopicPartitionKey Key => new(Topic, Partition);

    public bool HasCommitted => CommittedOffset >= 0;
}
