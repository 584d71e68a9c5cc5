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
        var warnings = new List<string>();
        var topics = plan.Topics.Select(topic =>
        {
            var config = new Dictionary<string, string>(topic.Config, StringComparer.Ordinal);
            var replication = topic.ReplicationFactor;
            if (replication > brokers)
            {
                warnings.Add($"{topic.Name}: replication factor {replication} capped at {brokers}, the cluster's broker count");
                replication = (short)brokers;
            }

            if (config.TryGetValue("min.insync.replicas", out var raw) && int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var minInsync) && minInsync > replication)
            {
                warnings.Add($"{topic.Name}: min.insync.replicas {minInsync} capped at {replication}, the replication factor the cluster allows");
                config["min.insync.replicas"] = replication.ToString(CultureInfo.InvariantCulture);
            }

            return topic with { ReplicationFactor = replication, Config = config };
        }).ToList();
        return (plan with { Topics = topics }, warnings);
    }
}
