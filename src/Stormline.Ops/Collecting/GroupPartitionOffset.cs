namespace Stormline.Ops.Collecting;

/// <summary>
/// A group's position on one partition. <see cref="CommittedOffset"/> is -1 for a partition that is assigned but has
/// no commit yet; its <see cref="Lag"/> is then <see cref="NoCommit"/> (-1), as kafka_exporter reports it, and it is
/// left out of every lag sum. <see cref="LagSeconds"/> is the lag in time: the age of the next record the group has
/// not consumed when the snapshot was taken, 0 when caught up, null when not measured (no commit, or not read yet).
/// </summary>
public sealed record GroupPartitionOffset(string Topic, int Partition, long CommittedOffset, long LatestOffset, long Lag, double? LagSeconds = null)
{
    /// <summary>The lag of a partition the group has never committed on.</summary>
    public const long NoCommit = -1;

    public TopicPartitionKey Key => new(Topic, Partition);

    public bool HasCommitted => CommittedOffset >= 0;

    /// <summary>Where the next record the group has not consumed is, when it lags behind a commit.</summary>
    public RecordPosition? NextRecord => HasCommitted && Lag > 0 ? new RecordPosition(Topic, Partition, CommittedOffset) : null;

    /// <summary>The lag as it counts towards a sum: 0 for a partition without a commit.</summary>
    public long CountedLag => HasCommitted ? Math.Max(0, Lag) : 0;
}
