using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Stormline.Bench.Ops;

/// <summary>
/// The peer: what a first, per-object tool does (and what Stormline.Testing's lag helper does): metadata per topic,
/// QueryWatermarkOffsets per partition, then DescribeGroups and OffsetFetch per group. It gathers the same facts as
/// one collector poll, with one round trip per object instead of batched requests.
/// </summary>
internal sealed class NaiveCollector(string bootstrap) : IDisposable
{
    private readonly IAdminClient _admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
    private readonly IConsumer<Ignore, Ignore> _consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "stormline-bench-naive" }).Build();

    /// <returns>partitions read and groups read, to check it saw what the collector saw.</returns>
    public async Task<(int Partitions, int Groups, long TotalLag)> PollAsync()
    {
        var timeout = TimeSpan.FromSeconds(30);
        var topics = _admin.GetMetadata(timeout).Topics.Select(t => t.Topic).Where(t => !t.StartsWith("__", StringComparison.Ordinal)).ToList();
        var latest = new Dictionary<TopicPartition, long>();
        foreach (var topic in topics)
        {
            foreach (var partition in _admin.GetMetadata(topic, timeout).Topics[0].Partitions)
            {
                var tp = new TopicPartition(topic, partition.PartitionId);
                latest[tp] = _consumer.QueryWatermarkOffsets(tp, timeout).High.Value;
            }
        }

        var groups = (await _admin.ListConsumerGroupsAsync()).Valid.Select(g => g.GroupId).ToList();
        long lag = 0;
        foreach (var group in groups)
        {
            await _admin.DescribeConsumerGroupsAsync([group]);
            var offsets = await _admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, null)]);
            foreach (var tpo in offsets.SelectMany(o => o.Partitions))
            {
                lag += Math.Max(0, latest.GetValueOrDefault(tpo.TopicPartition) - tpo.Offset.Value);
            }
        }

        return (latest.Count, groups.Count, lag);
    }

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
        _admin.Dispose();
    }
}
