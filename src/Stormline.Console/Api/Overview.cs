using Stormline.OpsConsole.Kafka;
using Stormline.Ops.Alerts;

namespace Stormline.OpsConsole.Api;

/// <summary>The overview page: cluster shape and health read live, trends and alerts from the collector, and the services' health.</summary>
internal sealed class Overview(TopicsReader topics, GroupsReader groups, ServiceHealthProbe health, Signals signals)
{
    public async Task<OverviewResult> ReadAsync(CancellationToken cancellationToken)
    {
        var metadata = topics.Metadata();
        var userTopics = metadata.Topics.Where(t => !t.Topic.StartsWith("__", StringComparison.Ordinal)).ToList();
        var partitions = userTopics.SelectMany(t => t.Partitions).ToList();
        var groupIds = await groups.IdsAsync();
        var services = await health.CheckAsync(cancellationToken);
        return new OverviewResult(
            metadata.Brokers.Select(b => new BrokerRow(b.BrokerId, b.Host, b.Port)).ToList(),
            userTopics.Count,
            partitions.Count,
            partitions.Count(p => p.InSyncReplicas.Length < p.Replicas.Length),
            partitions.Count(p => p.Leader < 0),
            groupIds.Count,
            services,
            signals.Cluster(),
            signals.Active());
    }
}

internal sealed record BrokerRow(int Id, string Host, int Port);

internal sealed record OverviewResult(
    IReadOnlyList<BrokerRow> Brokers, int Topics, int Partitions, int UnderReplicated, int Offline, int Groups,
    IReadOnlyList<ServiceHealth> Services, ClusterTrend Trends, IReadOnlyList<Alert> Alerts);
