namespace Stormline.Ops.Collecting;

/// <summary>
/// One partition: its leader, replicas and in-sync replicas from the metadata, and its earliest (log start) and
/// latest (high watermark) offsets. Offsets are -1 when the cluster could not answer for the partition;
/// <see cref="Error"/> then says why. <see cref="SizeBytes"/> is the leader's segment bytes from DescribeLogDirs, -1
/// when the broker was not asked (not a PLAINTEXT listener) or does not answer it.
/// </summary>
public sealed record PartitionSnapshot(
    int Id,
    int Leader,
    IReadOnlyList<int> Replicas,
    IReadOnlyList<int> InSyncReplicas,
    long EarliestOffset,
    long LatestOffset,
    string? Error = null,
    long SizeBytes = -1)
{
    public long MessageCount => EarliestOffset >= 0 && LatestOffset >= EarliestOffset ? LatestOffset - EarliestOffset : 0;

    /// <summary>Fewer in-sync replicas than replicas, as kafka_exporter's under_replicated_partition counts it.</summary>
    public bool IsUnderReplicated => InSyncReplicas.Count < Replicas.Count;

    /// <summary>The leader is the first replica, the one Kafka elects when it rebalances leadership (kafka_exporter's leader_is_preferred).</summary>
    public bool LeaderIsPreferred => Leader >= 0 && Replicas.Count > 0 && Replicas[0] == Leader;

    /// <summary>No leader: the partition can be neither read nor written.</summary>
    public bool IsOffline => Leader < 0;
}
