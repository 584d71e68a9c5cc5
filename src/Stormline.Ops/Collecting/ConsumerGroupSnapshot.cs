namespace Stormline.Ops.Collecting;

/// <summary>
/// One consumer group: its state and members (with their assignments) from DescribeGroups, and its committed
/// offsets with the lag against each partition's latest offset, sorted by topic then partition. A simple consumer
/// group (Kafka's term) commits offsets without ever joining with a consumer protocol.
/// </summary>
public sealed record ConsumerGroupSnapshot(
    string GroupId,
    GroupState State,
    string PartitionAssignor,
    IReadOnlyList<GroupMemberSnapshot> Members,
    IReadOnlyList<GroupPartitionOffset> Offsets,
    string? Error = null,
    bool IsSimpleConsumerGroup = false)
{
    /// <summary>The largest lag in seconds over the measured partitions, or null when none was measured.</summary>
    public double? MaxLagSeconds => Offsets.Max(o => o.LagSeconds);

    /// <summary>The member assigned <paramref name="key"/>, or null when nobody holds it.</summary>
    public GroupMemberSnapshot? Owner(TopicPartitionKey key) => Members.FirstOrDefault(m => m.Assignment.Contains(key));

    /// <summary>Lag summed over the partitions the group has committed on (kafka_exporter leaves the others out).</summary>
    public long TotalLag => Offsets.Sum(o => o.CountedLag);

    public IEnumerable<string> Topics => Offsets.Select(o => o.Topic).Distinct(StringComparer.Ordinal);

    /// <summary>
    /// Lag per topic, the shape of kafka_consumergroup_lag_sum: only topics the group has committed on, and only
    /// their committed partitions (kafka_exporter skips a topic with no commit and counts an uncommitted partition as -1 apart).
    /// </summary>
    public IReadOnlyDictionary<string, long> LagByTopic() =>
        ConsumedTopics().ToDictionary(g => g.Key, g => g.Sum(o => o.CountedLag), StringComparer.Ordinal);

    /// <summary>The group's partitions by topic, for the topics where it has committed at least once.</summary>
    public IEnumerable<IGrouping<string, GroupPartitionOffset>> ConsumedTopics() =>
        Offsets.GroupBy(o => o.Topic, StringComparer.Ordinal).Where(g => g.Any(o => o.HasCommitted));
}
