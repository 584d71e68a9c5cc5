using Confluent.Kafka;
using Stormline.Clients;
using Stormline.Messaging.Headers;
using Stormline.Ops.Collecting;

namespace Stormline.Drift;

/// <summary>
/// The event types the most recent records of every partition carry (the <c>event-type</c> header, or CloudEvents'
/// <c>ce_type</c>), counted per topic. Bounded: at most <c>perPartition</c> records from each partition's end, and a
/// deadline for the whole read. One consumer by assignment: it joins no group and commits nothing.
/// </summary>
public sealed class EventTypeSample
{
    private readonly Dictionary<(string Topic, string Type), long> _counts = [];

    private EventTypeSample()
    {
    }

    public long Records { get; private set; }

    /// <summary>Records read that carry no event type header (not Stormline's, nor CloudEvents').</summary>
    public long Untyped { get; private set; }

    public IReadOnlyDictionary<(string Topic, string Type), long> Counts => _counts;

    public static EventTypeSample Read(string bootstrap, ClientProperties clients, IReadOnlyList<TopicSnapshot> topics, int perPartition, TimeSpan deadline)
    {
        var sample = new EventTypeSample();
        var ends = new Dictionary<TopicPartition, long>();
        var starts = new List<TopicPartitionOffset>();
        foreach (var topic in topics)
        {
            foreach (var partition in topic.Partitions.Where(p => p.LatestOffset > Math.Max(0, p.EarliestOffset)))
            {
                var key = new TopicPartition(topic.Name, partition.Id);
                ends[key] = partition.LatestOffset;
                starts.Add(new TopicPartitionOffset(key, Math.Max(partition.EarliestOffset, partition.LatestOffset - perPartition)));
            }
        }

        if (starts.Count == 0)
        {
            return sample;
        }

        using var consumer = new ConsumerBuilder<Ignore, Ignore>(clients.ApplyTo(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "stormline-drift", // required by librdkafka; never joined, nothing committed
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            EnablePartitionEof = true,
        })).SetLogHandler((_, _) => { }).SetErrorHandler((_, _) => { }).Build();
        consumer.Assign(starts);
        var open = new HashSet<TopicPartition>(ends.Keys);
        var until = DateTime.UtcNow + deadline;
        while (open.Count > 0 && DateTime.UtcNow < until)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF || result.Offset.Value + 1 >= ends[result.TopicPartition])
            {
                open.Remove(result.TopicPartition);
            }

            if (!result.IsPartitionEOF && result.Offset.Value < ends[result.TopicPartition])
            {
                sample.Count(result.Topic, result.Message.Headers);
            }
        }

        consumer.Close();
        return sample;
    }

    private void Count(string topic, Headers? headers)
    {
        Records++;
        var type = headers is null ? null : MessageHeaders.Get(headers, MessageHeaders.EventType) ?? MessageHeaders.Get(headers, MessageHeaders.CeType);
        if (string.IsNullOrWhiteSpace(type))
        {
            Untyped++;
            return;
        }

        _counts[(topic, type)] = _counts.GetValueOrDefault((topic, type)) + 1;
    }
}
