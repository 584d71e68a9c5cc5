using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Ops.Collecting;
using Stormline.OpsConsole.Api;

namespace Stormline.OpsConsole.Kafka;

/// <summary>Topics and partitions from metadata, offsets from ListOffsets and configs from DescribeConfigs.</summary>
internal sealed class TopicsReader(KafkaClients clients)
{
    public Metadata Metadata() => clients.Admin.GetMetadata(KafkaClients.RequestTimeout);

    /// <summary>One page of topic names matching <paramref name="search"/>; offsets only for the page, so thousands of topics stay cheap.</summary>
    public async Task<TopicPage> PageAsync(string? search, int page, int size)
    {
        var metadata = Metadata();
        var sizesTask = clients.SizesAsync(metadata);
        var matching = metadata.Topics
            .Where(t => string.IsNullOrEmpty(search) || t.Topic.Contains(search, StringComparison.OrdinalIgnoreCase))
            .OrderBy(t => t.Topic, StringComparer.Ordinal)
            .ToList();
        var slice = matching.Skip(page * size).Take(size).ToList();
        var offsets = await OffsetsAsync(slice.SelectMany(t => t.Partitions.Select(p => new TopicPartition(t.Topic, p.PartitionId))));
        var sizes = await sizesTask;
        var rows = slice.Select(t =>
        {
            var partitionSizes = t.Partitions.Select(p => sizes.OnLeader(p.Leader, t.Topic, p.PartitionId)).ToList();
            var messages = t.Partitions.Sum(p => offsets.TryGetValue(new TopicPartition(t.Topic, p.PartitionId), out var o) ? o.Latest - o.Earliest : 0);
            var underReplicated = t.Partitions.Count(p => p.InSyncReplicas.Length < p.Replicas.Length);
            return new TopicRow(t.Topic, t.Partitions.Count, messages, underReplicated, t.Topic.StartsWith("__", StringComparison.Ordinal), partitionSizes.Any(b => b < 0) ? null : partitionSizes.Sum());
        }).ToList();
        return new TopicPage(matching.Count, page, size, rows);
    }

    public async Task<TopicDetail> DetailAsync(string topic)
    {
        var metadata = Metadata();
        var meta = Find(topic, metadata);
        var sizes = await clients.SizesAsync(metadata);
        var offsets = await OffsetsAsync(meta.Partitions.Select(p => new TopicPartition(topic, p.PartitionId)));
        var partitions = meta.Partitions.OrderBy(p => p.PartitionId).Select(p =>
        {
            var o = offsets[new TopicPartition(topic, p.PartitionId)];
            var size = sizes.OnLeader(p.Leader, topic, p.PartitionId);
            return new PartitionRow(p.PartitionId, p.Leader, p.Replicas, p.InSyncReplicas, o.Earliest, o.Latest, o.Latest - o.Earliest, size < 0 ? null : size);
        }).ToList();
        var configs = await ConfigsAsync(topic);
        return new TopicDetail(topic, partitions, configs);
    }

    public TopicMetadata Find(string topic) => Find(topic, Metadata());

    private static TopicMetadata Find(string topic, Metadata metadata)
    {
        // All topics, never the one named: a metadata request for a missing topic makes a broker with
        // auto.create.topics.enable create it, and looking must not change the cluster.
        var meta = metadata.Topics.FirstOrDefault(t => t.Topic == topic);
        if (meta is null || meta.Error.Code == ErrorCode.UnknownTopicOrPart || meta.Partitions.Count == 0)
        {
            throw ConsoleProblem.NotFound($"Topic '{topic}' does not exist; the topics page lists the ones that do.");
        }

        return meta;
    }

    /// <summary>Earliest and latest offset of each partition in one ListOffsets round per kind.</summary>
    public async Task<Dictionary<TopicPartition, PartitionOffsets>> OffsetsAsync(IEnumerable<TopicPartition> partitions)
    {
        var list = partitions.ToList();
        if (list.Count == 0)
        {
            return [];
        }

        var earliest = await ListAsync(list, OffsetSpec.Earliest());
        var latest = await ListAsync(list, OffsetSpec.Latest());
        return list.ToDictionary(tp => tp, tp => new PartitionOffsets(earliest[tp], latest[tp]));
    }

    /// <summary>The first offset at or after <paramref name="timestamp"/> per partition (the log end when none is).</summary>
    public Task<Dictionary<TopicPartition, long>> OffsetsForTimeAsync(IEnumerable<TopicPartition> partitions, DateTimeOffset timestamp) =>
        ListAsync(partitions.ToList(), OffsetSpec.ForTimestamp(timestamp.ToUnixTimeMilliseconds()));

    private async Task<Dictionary<TopicPartition, long>> ListAsync(List<TopicPartition> partitions, OffsetSpec spec)
    {
        var result = await clients.Admin.ListOffsetsAsync(
            partitions.Select(tp => new TopicPartitionOffsetSpec { TopicPartition = tp, OffsetSpec = spec }),
            new ListOffsetsOptions { RequestTimeout = KafkaClients.RequestTimeout });
        return result.ResultInfos.ToDictionary(r => r.TopicPartitionOffsetError.TopicPartition, r => r.TopicPartitionOffsetError.Offset.Value);
    }

    private async Task<IReadOnlyList<ConfigRow>> ConfigsAsync(string topic)
    {
        var described = await clients.Admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = topic }]);
        return described.SelectMany(d => d.Entries.Values)
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .Select(e => new ConfigRow(e.Name, e.IsSensitive ? null : e.Value, e.IsDefault, e.Source.ToString()))
            .ToList();
    }
}

internal sealed record PartitionOffsets(long Earliest, long Latest);

/// <summary>A topic in the list; <see cref="SizeBytes"/> sums its partitions on their leaders, null when any is unknown.</summary>
internal sealed record TopicRow(string Name, int Partitions, long Messages, int UnderReplicated, bool Internal, long? SizeBytes);

internal sealed record TopicPage(int Total, int Page, int Size, IReadOnlyList<TopicRow> Topics);

internal sealed record PartitionRow(int Partition, int Leader, int[] Replicas, int[] Isr, long Earliest, long Latest, long Messages, long? SizeBytes);

internal sealed record ConfigRow(string Name, string? Value, bool IsDefault, string Source);

internal sealed record TopicDetail(string Name, IReadOnlyList<PartitionRow> Partitions, IReadOnlyList<ConfigRow> Configs);
