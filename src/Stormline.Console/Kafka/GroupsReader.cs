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
            ? new GroupRow(id, g.State.ToString(), g.Members.Count, g.TotalLag, signals.GroupStatus(id))
            : new GroupRow(id, "Unknown", 0, 0, "NOTFOUND")).ToList();
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
        var partitions = tracked.OrderBy(tp => tp.Topic, StringComparer.Ordinal).ThenBy(tp => tp.Partition.Value).Select(tp =>
        {
            var at = committed.FirstOrDefault(c => c.TopicPartition == tp)?.Offset.Value;
            var end = offsets[tp].Latest;
            var lag = Math.Max(0, end - (at ?? offsets[tp].Earliest));
            return new GroupPartitionRow(tp.Topic, tp.Partition.Value, at, end, lag, owners.GetValueOrDefault(tp));
        }).ToList();
        var members = description.Members.Select(m => new GroupMemberRow(m.ConsumerId, m.ClientId, m.Host,
            m.Assignment?.TopicPartitions.Select(tp => $"{tp.Topic}[{tp.Partition.Value}]").ToList() ?? [])).ToList();
        return new GroupDetail(group, StateName(description.State), description.PartitionAssignor, members, partitions, signals.Group(group));
    }

    public static string StateName(ConsumerGroupState state) => state switch
    {
        ConsumerGroupState.CompletingRebalance => "CompletingRebalance",
        ConsumerGroupState.PreparingRebalance => "PreparingRebalance",
        _ => state.ToString(),
    };
}

internal sealed record GroupRow(string Group, string State, int Members, long Lag, string Status);

internal sealed record GroupMemberRow(string MemberId, string ClientId, string Host, IReadOnlyList<string> Assignment);

internal sealed record GroupPartitionRow(string Topic, int Partition, long? Committed, long End, long Lag, string? Owner);

internal sealed record GroupDetail(string Group, string State, string Assignor, IReadOnlyList<GroupMemberRow> Members, IReadOnlyList<GroupPartitionRow> Partitions, GroupTrend Trend);
