using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.OpsConsole.Api;
using Stormline.Ops.Collecting;

namespace Stormline.OpsConsole.Kafka;

/// <summary>Consumer groups: state, members with their assignments, committed offsets and lag per partition.</summary>
internal sealed class GroupsReader(KafkaClients clients, TopicsReader topics, ClusterCollector collector, Signals signals)
{
    public async Task<IReadOnlyList<string>> IdsAsync()
    {
        var listed = await clients.Admin.ListConsumerGroupsAsync(new ListConsumerGroupsOptions { RequestTimeout = KafkaClients.RequestTimeout });
        return listed.Valid.Select(g => g.GroupId).Where(g => g != KafkaClients.BrowserGroup).OrderBy(g => g, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Every group, live from ListGroups; state, members and lag from the collector's latest snapshot (one poll old
    /// at most) so a cluster with hundreds of groups costs one request, not one per group.
    /// </summary>
    public async Task<IReadOnlyList<GroupRow>> ListAsync()
    {
        var latest = collector.Latest;
        return (await IdsAsync()).Select(id => latest?.FindGroup(id) is { } g
            ? new GroupRow(id, g.State.ToString(), g.Members.Count, g.TotalLag, signals.GroupStatus(id), g.MaxLagSeconds)
            : new GroupRow(id, "Unknown", 0, 0, "NOTFOUND", null)).ToList();
    }

    public async Task<GroupDetail> DetailAsync(string group)
    {
        var description = (await clients.Admin.DescribeConsumerGroupsAsync([group], new DescribeConsumerGroupsOptions { RequestTimeout = KafkaClients.RequestTimeout }))
            .ConsumerGroupDescriptions.Single();
        var committed = (await clients.Admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, null)]))
            .SelectMany(r => r.Partitions).Where(p => p.Offset.Value >= 0).ToList();
        if (description.State is ConsumerGroupState.Dead or ConsumerGroupState.Unknown && committed.Count == 0 && description.Members.Count == 0)
        {
            throw ConsoleProblem.NotFound($"Consumer group '{group}' does not exist; the groups page lists the ones that do.");
        }

        var owners = description.Members
            .SelectMany(m => m.Assignment?.TopicPartitions.Select(tp => (tp, m.ClientId)) ?? [])
            .ToDictionary(x => x.tp, x => x.ClientId);
        var tracked = committed.Select(c => c.TopicPartition).Union(owners.Keys).ToList();
        var offsets = await topics.OffsetsAsync(tracked);
        var polled = collector.Latest?.FindGroup(group);
        var partitions = tracked.OrderBy(tp => tp.Topic, StringComparer.Ordinal).ThenBy(tp => tp.Partition.Value).Select(tp =>
        {
            var at = committed.FirstOrDefault(c => c.TopicPartition == tp)?.Offset.Value;
            var end = offsets[tp].Latest;
            var lag = Math.Max(0, end - (at ?? offsets[tp].Earliest));
            return new GroupPartitionRow(tp.Topic, tp.Partition.Value, at, end, lag, owners.GetValueOrDefault(tp), LagSeconds(polled, tp, at));
        }).ToList();
        var members = description.Members.Select(m => new GroupMemberRow(m.ConsumerId, m.ClientId, m.Host,
            m.Assignment?.TopicPartitions.Select(tp => $"{tp.Topic}[{tp.Partition.Value}]").ToList() ?? [])).ToList();
        return new GroupDetail(group, StateName(description.State), description.PartitionAssignor, members, partitions, signals.Group(group));
    }

    /// <summary>
    /// The lag in seconds the collector measured at its last poll, only while the group is still where that poll saw
    /// it: after a commit since, the figure belongs to another record and the page shows none until the next poll.
    /// </summary>
    private static double? LagSeconds(ConsumerGroupSnapshot? polled, TopicPartition tp, long? committed) =>
        polled?.Offsets.FirstOrDefault(o => o.Topic == tp.Topic && o.Partition == tp.Partition.Value && o.CommittedOffset == (committed ?? -1))?.LagSeconds;

    public static string StateName(ConsumerGroupState state) => state switch
    {
        ConsumerGroupState.CompletingRebalance => "CompletingRebalance",
        ConsumerGroupState.PreparingRebalance => "PreparingRebalance",
        _ => state.ToString(),
    };
}

/// <summary>A group in the list; <see cref="LagSeconds"/> is its largest lag in seconds at the last poll (null: not measured).</summary>
internal sealed record GroupRow(string Group, string State, int Members, long Lag, string Status, double? LagSeconds);

internal sealed record GroupMemberRow(string MemberId, string ClientId, string Host, IReadOnlyList<string> Assignment);

internal sealed record GroupPartitionRow(string Topic, int Partition, long? Committed, long End, long Lag, string? Owner, double? LagSeconds);

internal sealed record GroupDetail(string Group, string State, string Assignor, IReadOnlyList<GroupMemberRow> Members, IReadOnlyList<GroupPartitionRow> Partitions, GroupTrend Trend);
