using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Stormline.Ops.Collecting;

public sealed partial class ClusterCollector
{
    // One OffsetFetch per group: librdkafka's ListConsumerGroupOffsets takes exactly one group per call.
    private async Task<List<ConsumerGroupSnapshot>> ReadGroupOffsetsAsync(List<ConsumerGroupDescription> descriptions, List<TopicSnapshot> topics, CancellationToken cancellationToken)
    {
        var partitions = topics.SelectMany(t => t.Partitions.Select(p => (Key: new TopicPartitionKey(t.Name, p.Id), p)))
            .ToDictionary(x => x.Key, x => x.p);
        var partitionsByTopic = partitions.Keys.ToLookup(k => k.Topic, StringComparer.Ordinal);
        using var gate = new SemaphoreSlim(Math.Max(1, Options.MaxConcurrentGroupRequests));
        var tasks = descriptions.OrderBy(d => d.GroupId, StringComparer.Ordinal).Select(async description =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                return await ReadGroupAsync(description, partitions, partitionsByTopic);
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        return [.. await Task.WhenAll(tasks)];
    }

    private async Task<ConsumerGroupSnapshot> ReadGroupAsync(ConsumerGroupDescription description, Dictionary<TopicPartitionKey, PartitionSnapshot> partitions, ILookup<string, TopicPartitionKey> partitionsByTopic)
    {
        var members = description.Members.OrderBy(m => m.ConsumerId, StringComparer.Ordinal).Select(m => new GroupMemberSnapshot(
                m.ConsumerId,
                m.ClientId,
                m.Host,
                (m.Assignment?.TopicPartitions ?? []).Select(tp => new TopicPartitionKey(tp.Topic, tp.Partition.Value)).OrderBy(k => k.Topic, StringComparer.Ordinal).ThenBy(k => k.Partition).ToList()))
            .ToList();
        var state = Enum.TryParse<GroupState>(description.State.ToString(), out var parsed) ? parsed : GroupState.Unknown;
        var error = description.Error.Code == ErrorCode.NoError ? null : description.Error.Reason;

        var committed = new Dictionary<TopicPartitionKey, long>();
        try
        {
            var results = await _admin.ListConsumerGroupOffsetsAsync(
                [new ConsumerGroupTopicPartitions(description.GroupId, null)],
                new ListConsumerGroupOffsetsOptions { RequestTimeout = Options.RequestTimeout });
            foreach (var tpo in results.SelectMany(r => r.Partitions))
            {
                if (tpo.Error.Code == ErrorCode.NoError && tpo.Offset.Value >= 0)
                {
                    committed[new TopicPartitionKey(tpo.Topic, tpo.Partition.Value)] = tpo.Offset.Value;
                }
            }
        }
        catch (KafkaException ex)
        {
            OpsLog.GroupOffsetsFailed(_logger, description.GroupId, ex.Error.Reason);
            error ??= ex.Error.Reason;
        }

        // Assigned partitions without a commit are listed too (lag -1, as kafka_exporter reports them).
        // kafka_exporter (offset.show-all) also lists every other partition of a topic the group commits on.
        var consumedTopics = committed.Keys.Select(k => k.Topic).Distinct(StringComparer.Ordinal);
        var keys = committed.Keys.Concat(members.SelectMany(m => m.Assignment)).Concat(consumedTopics.SelectMany(t => partitionsByTopic[t])).Distinct()
            .OrderBy(k => k.Topic, StringComparer.Ordinal).ThenBy(k => k.Partition);
        var offsets = keys.Select(k => ToGroupOffset(k, committed.TryGetValue(k, out var at) ? at : -1, partitions.GetValueOrDefault(k))).ToList();
        return new ConsumerGroupSnapshot(description.GroupId, state, description.PartitionAssignor ?? "", members, offsets, error, description.IsSimpleConsumerGroup);
    }

    private static GroupPartitionOffset ToGroupOffset(TopicPartitionKey key, long committed, PartitionSnapshot? partition)
    {
        var latest = partition?.LatestOffset ?? -1;
        long lag;
        if (committed < 0)
        {
            lag = GroupPartitionOffset.NoCommit; // kafka_exporter: -1 so it can be alerted on, and left out of the sums
        }
        else if (latest < 0)
        {
            lag = 0; // the partition's end is unknown (deleted topic, or it did not answer): no figure rather than a wrong one
        }
        else
        {
            lag = Math.Max(0, latest - committed);
        }

        return new GroupPartitionOffset(key.Topic, key.Partition, committed, latest, lag);
    }
}
