using Stormline.Model.Generation;

namespace Stormline.Model.Topics;

/// <summary>What it takes to make a cluster match a topic plan. Pure: the caller reads the cluster and applies the changes.</summary>
public sealed record TopicDiff(
    IReadOnlyList<PlannedTopic> Create,
    IReadOnlyList<PartitionChange> Partitions,
    IReadOnlyList<ConfigChange> Configs,
    IReadOnlyList<string> Unplanned)
{
    /// <summary>Nothing to create, raise or alter, and no topic of the plan's naming outside it.</summary>
    public bool IsEmpty => Create.Count == 0 && Partitions.Count == 0 && Configs.Count == 0 && Unplanned.Count == 0;

    /// <summary>Changes apply would make without <c>--allow-delete</c> (a lower partition count is reported but cannot be made).</summary>
    public bool HasApplicableChanges => Create.Count > 0 || Partitions.Any(p => p.CanApply) || Configs.Count > 0;

    /// <summary>
    /// Compares <paramref name="plan"/> with <paramref name="observed"/>. Only configs the plan sets are compared, so
    /// settings made outside the plan stay. Unplanned = observed topics named like the plan's (<c>*-events</c>,
    /// <c>*-events.dlq</c>) that the plan no longer has, e.g. after a context was removed from the model.
    /// </summary>
    public static TopicDiff Compute(TopicPlan plan, IReadOnlyCollection<ObservedTopic> observed)
    {
        var byName = observed.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var create = new List<PlannedTopic>();
        var partitions = new List<PartitionChange>();
        var configs = new List<ConfigChange>();
        foreach (var topic in plan.Topics)
        {
            if (!byName.TryGetValue(topic.Name, out var current))
            {
                create.Add(topic);
                continue;
            }

            if (current.Partitions != topic.Partitions)
            {
                partitions.Add(new PartitionChange(topic.Name, current.Partitions, topic.Partitions));
            }

            foreach (var (key, value) in topic.Config.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                var now = current.Config.GetValueOrDefault(key);
                if (!string.Equals(now, value, StringComparison.Ordinal))
                {
                    configs.Add(new ConfigChange(topic.Name, key, now, value));
                }
            }
        }

        var planned = plan.Topics.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var unplanned = observed.Select(t => t.Name)
            .Where(n => !planned.Contains(n) && IsPlanNaming(n))
            .Order(StringComparer.Ordinal)
            .ToList();
        return new TopicDiff(create, partitions, configs, unplanned);
    }

    /// <summary>The diff as lines for a terminal, one change per line; "no changes" when there is nothing to do.</summary>
    public IReadOnlyList<string> Describe(bool allowDelete)
    {
        if (IsEmpty)
        {
            return ["no changes: the cluster matches the plan"];
        }

        var lines = new List<string>();
        foreach (var topic in Create)
        {
            var config = string.Join(", ", topic.Config.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}"));
            lines.Add($"+ create {topic.Name}: {topic.Partitions} partition(s), replication factor {topic.ReplicationFactor}, {config}");
        }

        foreach (var change in Partitions)
        {
            lines.Add(change.CanApply
                ? $"~ raise partitions of {change.Topic}: {change.From} -> {change.To}"
                : $"! {change.Topic} has {change.From} partitions, the plan {change.To}: lowering the partition count is impossible in Kafka (recreate the topic to shrink it); left as is");
        }

        foreach (var change in Configs)
        {
            lines.Add($"~ alter {change.Topic}: {change.Key} {change.From ?? "(unset)"} -> {change.To}");
        }

        foreach (var name in Unplanned)
        {
            lines.Add(allowDelete
                ? $"- delete {name}: not in the plan"
                : $"? {name} is not in the plan; kept (pass --allow-delete to delete it)");
        }

        return lines;
    }

    private static bool IsPlanNaming(string name) =>
        name.EndsWith("-events", StringComparison.Ordinal) || name.EndsWith("-events.dlq", StringComparison.Ordinal);
}
