using Stormline.Console.Health;
using Stormline.Console.Kafka;

namespace Stormline.Console.Api;

/// <summary>The overview page's numbers: cluster shape and health, groups, and the services' health.</summary>
internal sealed class Overview(TopicsReader topics, GroupsReader groups, ServiceHealth health)
{
    public async Task<OverviewResult> ReadAsync(CancellationToken cancellationToken)
    {
        var metadata = topics.Metadata();
        var userTopics = metadata.Topics.Where(t => !t.Topic.StartsWith("__", StringComparison.Ordinal)).ToList();
        var partitions = userTopics.SelectMany(t => t.Partitions).ToList();
        var groupRows = await groups.ListAsync();
        var services = await health.CheckAsync(cancellationToken);
        return new OverviewResult(
            metadata.Brokers.Select(b => new BrokerRow(b.BrokerId, b.Host, b.Port)).ToList(),
            userTopics.Count,
            partitions.Count,
            partitions.Count(p => p.InSyncReplicas.Length < p.Replicas.Length),
            partitions.Count(p => p.Leader < 0),
            groupRows.Count,
            groupRows.Sum(g => g.Lag),
            services);
    }
}

internal sealed record BrokerRow(int Id, string Host, int Port);

internal sealed record OverviewResult(IReadOnlyList<BrokerRow> Brokers, int Topics, int Partitions, int UnderReplicated, int Offline, int Groups, long TotalLag, IReadOnlyList<ServiceHealthRow> Services);
