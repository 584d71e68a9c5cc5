using System.Globalization;
using Stormline.Model.Generation;

namespace Stormline.Model.Topics;

/// <summary>
/// A cluster cannot place more replicas than it has brokers, so the plan's replication factor and
/// <c>min.insync.replicas</c> are lowered to what it can hold, each with a warning.
/// </summary>
public static class BrokerCap
{
    public static (TopicPlan Plan, IReadOnlyList<string> Warnings) Apply(TopicPlan plan, int brokers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        var replicationCapped = new SortedDictionary<short, List<string>>();
        var minInsyncCapped = new SortedDictionary<int, List<string>>();
        var topics = plan.Topics.Select(topic =>
        {
            var config = new Dictionary<string, string>(topic.Config, StringComparer.Ordinal);
            var replication = topic.ReplicationFactor;
            if (replication > brokers)
            {
                Note(replicationCapped, replication, topic.Name);
                replication = (short)brokers;
            }

            if (config.TryGetValue("min.insync.replicas", out var raw) && int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var minInsync) && minInsync > replication)
            {
                Note(minInsyncCapped, minInsync, topic.Name);
                config["min.insync.replicas"] = replication.ToString(CultureInfo.InvariantCulture);
            }

            return topic with { ReplicationFactor = replication, Config = config };
        }).ToList();
        // One line per planned value rather than per topic: a one-broker dev cluster caps every topic.
        var warnings = replicationCapped
            .Select(c => $"replication factor {c.Key} capped at {brokers}, the cluster's broker count ({string.Join(", ", c.Value)})")
            .Concat(minInsyncCapped.Select(c => $"min.insync.replicas {c.Key} capped at the capped replication factor ({string.Join(", ", c.Value)})"))
            .ToList();
        return (plan with { Topics = topics }, warnings);
    }

    private static void Note<T>(SortedDictionary<T, List<string>> capped, T from, string topic)
        where T : notnull
    {
        if (!capped.TryGetValue(from, out var topics))
        {
            capped[from] = topics = [];
        }

        topics.Add(topic);
    }
}
