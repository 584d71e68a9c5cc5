namespace Stormline.Ops.Collecting;

/// <summary>One topic and its partitions, sorted by partition id.</summary>
public sealed record TopicSnapshot(string Name, bool IsInternal, IReadOnlyList<PartitionSnapshot> Partitions)
{
    /// <summary>Records the partitions hold now: latest minus earliest offset, summed.</summary>
    public long MessageCount => Partitions.Sum(p => p.MessageCount);

    /// <summary>The sum of the partitions' latest offsets, the figure whose change is the topic's write rate.</summary>
    public long LatestOffsetSum => Partitions.Sum(p => Math.Max(0, p.LatestOffset));

    public int UnderReplicatedPartitionCount => Partitions.Count(p => p.IsUnderReplicated);

    public int OfflinePartitionCount => Partitions.Count(p => p.IsOffline);

    public bool IsDeadLetterTopic => Name.EndsWith(".dlq", StringComparison.Ordinal);
}
