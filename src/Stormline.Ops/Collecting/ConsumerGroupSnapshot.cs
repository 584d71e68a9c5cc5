namespace Stormline.Ops.Collecting;

/// <summary>
/// One consumer group: its state and members (with their assignments) from DescribeGroups, and its committed
/// offsets with the lag against each partition's latest offset, sorted by topic then partition.
/// </summary>
public sealed record ConsumerGroupSnapshot(
    string GroupId,
    GroupState State,
    string PartitionAssignor,
    IReadOnlyList<GroupMemberSnapshot> Members,
    IReadOnlyList<GroupPartitionOffset> Offsets,
    string? Error = null)
{
    /// <summary>Lag summed over every partition the group has committed or been assigned.</summary>
    public long TotalLag => Offsets.Sum(o => o.Lag);

    public IEnumerable<string> Topics => Offsets.Select(o => o.Topic).Distinct(StringComparer.Ordinal);

    /// <summary>Lag per topic, the shape of kafka_consumergroup_lag_sum.</summary>
    public IReadOnlyDictionary<string, long> LagByTopic() =>
        Offsets.GroupBy(o => o.Topic, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(o => o.Lag), StringComparer.Ordinal);
}
