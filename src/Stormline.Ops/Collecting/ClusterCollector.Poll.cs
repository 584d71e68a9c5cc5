using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Stormline.Ops.Collecting;

public sealed partial class ClusterCollector
{
    /// <summary>
    /// One poll: metadata, the earliest and latest offsets of every partition (two batched ListOffsets calls),
    /// then the groups (one DescribeGroups call, one OffsetFetch per group, a few at a time). The snapshot is added
    /// to <see cref="History"/> and returned.
    /// </summary>
    public async Task<ClusterSnapshot> CollectAsync(CancellationToken cancellationToken = default)
    {
        await _pollGate.WaitAsync(cancellationToken);
        try
        {
            var clock = Options.TimeProvider;
            var started = clock.GetTimestamp();
            var takenAt = clock.GetUtcNow();
            ClusterSnapshot snapshot;
            try
            {
                snapshot = await ReadClusterAsync(takenAt, started, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LastError = ex;
                throw;
            }

            LastError = null;
            History.Add(snapshot);
            OpsLog.PollCompleted(_logger, snapshot.Duration.TotalMilliseconds, snapshot.Topics.Count, snapshot.PartitionCount, snapshot.Groups.Count);
            SnapshotCollected?.Invoke(snapshot);
            return snapshot;
        }
        finally
        {
            _pollGate.Release();
        }
    }

    private async Task<ClusterSnapshot> ReadClusterAsync(DateTimeOffset takenAt, long started, CancellationToken cancellationToken)
    {
        var clusterTask = DescribeClusterAsync();
        var metadata = await Task.Run(() => _admin.GetMetadata(Options.RequestTimeout), cancellationToken);
        var topicMetadata = metadata.Topics
            .Where(t => t.Error.Code == ErrorCode.NoError && (Options.IncludeInternalTopics || !IsInternal(t.Topic)))
            .OrderBy(t => t.Topic, StringComparer.Ordinal)
            .ToList();
        var partitions = topicMetadata.SelectMany(t => t.Partitions.Select(p => new TopicPartition(t.Topic, p.PartitionId))).ToList();

        var earliestTask = ListOffsetsAsync(partitions, OffsetSpec.Earliest());
        var latestTask = ListOffsetsAsync(partitions, OffsetSpec.Latest());
        var groupsTask = DescribeGroupsAsync(cancellationToken);
        var sizesTask = ReadSizesAsync(metadata.Brokers, cancellationToken);
        var earliest = await earliestTask;
        var latest = await latestTask;
        var descriptions = await groupsTask;
        var sizes = await sizesTask;

        var previous = History.Latest;
        var topics = topicMetadata.Select(t => SnapshotSharing.Topic(
                previous?.FindTopic(t.Topic),
                t.Topic,
                IsInternal(t.Topic),
                t.Partitions.OrderBy(p => p.PartitionId).Select(p => ToPartition(t.Topic, p, earliest, latest, sizes)).ToList()))
            .ToList();
        var groups = await MeasureTimeLagAsync(await ReadGroupOffsetsAsync(descriptions, topics, cancellationToken), takenAt, cancellationToken);
        var cluster = await clusterTask;
        var brokers = metadata.Brokers.OrderBy(b => b.BrokerId).Select(b => new BrokerSnapshot(b.BrokerId, b.Host, b.Port)).ToList();
        return new ClusterSnapshot(takenAt, Options.TimeProvider.GetElapsedTime(started), cluster?.ClusterId, cluster?.Controller?.Id ?? -1, brokers, topics, groups);
    }

    private static bool IsInternal(string topic) => topic.StartsWith("__", StringComparison.Ordinal);

    private async Task<DescribeClusterResult?> DescribeClusterAsync()
    {
        try
        {
            return await _admin.DescribeClusterAsync(new DescribeClusterOptions { RequestTimeout = Options.RequestTimeout });
        }
        catch (KafkaException)
        {
            return null; // cluster id and controller are extras; a cluster that cannot say still gets a snapshot
        }
    }

    private static PartitionSnapshot ToPartition(
        string topic, PartitionMetadata p, Dictionary<TopicPartition, long> earliest, Dictionary<TopicPartition, long> latest, Dictionary<int, Dictionary<(string Topic, int Partition), long>?> sizes)
    {
        var key = new TopicPartition(topic, p.PartitionId);
        var error = p.Error.Code == ErrorCode.NoError ? null : p.Error.Reason;
        var size = sizes.OnLeader(p.Leader, topic, p.PartitionId);
        return new PartitionSnapshot(p.PartitionId, p.Leader, p.Replicas, p.InSyncReplicas, earliest.GetValueOrDefault(key, -1), latest.GetValueOrDefault(key, -1), error, size);
    }

    private Task<Dictionary<int, Dictionary<(string Topic, int Partition), long>?>> ReadSizesAsync(List<BrokerMetadata> brokers, CancellationToken cancellationToken) =>
        LogDirSizes.ReadAllAsync(brokers.Select(b => (b.BrokerId, b.Host, b.Port)), Options.ClientConfig, Options.RequestTimeout, cancellationToken);

    /// <summary>
    /// Partitions per ListOffsets call. librdkafka's cost per call grows faster than its size (5,000 partitions in one
    /// call took ~500 ms on the embedded broker, in chunks of 500 ~30 ms), so large clusters are asked in chunks.
    /// </summary>
    private const int ListOffsetsChunk = 500;

    private async Task<Dictionary<TopicPartition, long>> ListOffsetsAsync(List<TopicPartition> partitions, OffsetSpec spec)
    {
        var offsets = new Dictionary<TopicPartition, long>(partitions.Count);
        foreach (var infos in await Task.WhenAll(partitions.Chunk(ListOffsetsChunk).Select(chunk => ListOffsetsChunkAsync(chunk, spec))))
        {
            foreach (var info in infos)
            {
                var tpo = info.TopicPartitionOffsetError;
                if (tpo.Error.Code == ErrorCode.NoError)
                {
                    offsets[tpo.TopicPartition] = tpo.Offset.Value;
                }
            }
        }

        return offsets;
    }

    private async Task<List<ListOffsetsResultInfo>> ListOffsetsChunkAsync(TopicPartition[] partitions, OffsetSpec spec)
    {
        try
        {
            var result = await _admin.ListOffsetsAsync(
                partitions.Select(p => new TopicPartitionOffsetSpec { TopicPartition = p, OffsetSpec = spec }),
                new ListOffsetsOptions { RequestTimeout = Options.RequestTimeout });
            return result.ResultInfos;
        }
        catch (ListOffsetsException ex)
        {
            return ex.Result.ResultInfos; // partitions that answered keep their offsets; the rest stay -1
        }
    }

    private async Task<List<ConsumerGroupDescription>> DescribeGroupsAsync(CancellationToken cancellationToken)
    {
        var listing = await _admin.ListConsumerGroupsAsync(new ListConsumerGroupsOptions { RequestTimeout = Options.RequestTimeout });
        var ids = listing.Valid.Select(g => g.GroupId).ToList();
        cancellationToken.ThrowIfCancellationRequested();
        if (ids.Count == 0)
        {
            return [];
        }

        try
        {
            var described = await _admin.DescribeConsumerGroupsAsync(ids, new DescribeConsumerGroupsOptions { RequestTimeout = Options.RequestTimeout });
            return described.ConsumerGroupDescriptions;
        }
        catch (DescribeConsumerGroupsException ex)
        {
            return ex.Results.ConsumerGroupDescriptions; // each description carries its own error
        }
    }
}
