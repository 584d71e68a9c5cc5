namespace Stormline.Ops.Collecting;

/// <summary>
/// What one poll of the cluster saw: brokers, topics with their partitions and offsets, and consumer groups with
/// their members, committed offsets and lag. Immutable, so the console, the metrics and the lag evaluator can read
/// the same snapshot from any thread while the collector builds the next one.
/// </summary>
public sealed record ClusterSnapshot(
    DateTimeOffset TakenAt,
    TimeSpan Duration,
    string? ClusterId,
    int ControllerId,
    IReadOnlyList<BrokerSnapshot> Brokers,
    IReadOnlyList<TopicSnapshot> Topics,
    IReadOnlyList<ConsumerGroupSnapshot> Groups)
{
    private Dictionary<string, TopicSnapshot>? _topicsByName;
    private Dictionary<string, ConsumerGroupSnapshot>? _groupsById;

    // A `with` copy must not carry the indexes of the original's lists.
    private ClusterSnapshot(ClusterSnapshot original)
    {
        TakenAt = original.TakenAt;
        Duration = original.Duration;
        ClusterId = original.ClusterId;
        ControllerId = original.ControllerId;
        Brokers = original.Brokers;
        Topics = original.Topics;
        Groups = original.Groups;
    }

    public int PartitionCount => Topics.Sum(t => t.Partitions.Count);

    public int UnderReplicatedPartitionCount => Topics.Sum(t => t.UnderReplicatedPartitionCount);

    public int OfflinePartitionCount => Topics.Sum(t => t.OfflinePartitionCount);

    /// <summary>The topic of that name, or null; the index is built on first use.</summary>
    public TopicSnapshot? FindTopic(string name)
    {
        _topicsByName ??= Topics.ToDictionary(t => t.Name, StringComparer.Ordinal);
        return _topicsByName.GetValueOrDefault(name);
    }

    /// <summary>The group of that id, or null; the index is built on first use.</summary>
    public ConsumerGroupSnapshot? FindGroup(string groupId)
    {
        _groupsById ??= Groups.ToDictionary(g => g.GroupId, StringComparer.Ordinal);
        return _groupsById.GetValueOrDefault(groupId);
    }
}
