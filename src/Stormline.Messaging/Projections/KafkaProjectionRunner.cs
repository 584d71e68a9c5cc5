using System.Data.Common;
using Confluent.Kafka;
using Stormline.EventSourcing.Projections;
using Stormline.EventSourcing.Serialization;
using Stormline.EventSourcing.Sql;
using Stormline.Messaging.Consuming;
using Stormline.Messaging.Serialization;

namespace Stormline.Messaging.Projections;

/// <summary>
/// Feeds a read model from a Kafka topic instead of the local log. The checkpoint per partition (the last applied
/// offset) is stored in the read model's own database, in the transaction that applies the message, so read model and
/// position never disagree; Kafka consumer-group offsets are not used. Not thread-safe: one runner per projection.
/// </summary>
public sealed class KafkaProjectionRunner(
    SqlStore store,
    EventSerializer serializer,
    string bootstrapServers,
    string topic,
    string name,
    Func<ConsumedEvent, DbTransaction, CancellationToken, Task> apply,
    Func<DbTransaction, CancellationToken, Task> reset,
    IPayloadDecoder? decoder = null)
{
    /// <summary>How record values become the event's JSON: plain or framed JSON unless a <see cref="RegistryPayloadDecoder"/> is given (Avro).</summary>
    private readonly IPayloadDecoder _decoder = decoder ?? JsonPayloadDecoder.Instance;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Applies every message up to each partition's end as of the call; returns how many were applied.</summary>
    /// <exception cref="UnknownEventTypeException">A message's type is not registered: the projection stops rather than skip it.</exception>
    public async Task<long> CatchUp(CancellationToken cancellationToken)
    {
        using var consumer = CreateConsumer();
        var targets = new Dictionary<int, long>(); // partition → high watermark to reach
        var assignments = new List<TopicPartitionOffset>();
        foreach (var partition in Partitions())
        {
            var high = consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition), Timeout).High.Value;
            var next = (await store.GetCheckpoint(CheckpointId(partition), cancellationToken)).Position + 1 ?? 0;
            if (next >= high) continue;
            targets[partition] = high;
            assignments.Add(new TopicPartitionOffset(topic, partition, next));
        }
        if (assignments.Count == 0) return 0;

        consumer.Assign(assignments);
        long applied = 0;
        while (targets.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result?.Message is null || result.IsPartitionEOF) continue;

            var consumed = ConsumedEventReader.Read(result, serializer, await _decoder.Decode(result.Message.Value ?? [], cancellationToken));
            var checkpoint = new Checkpoint(CheckpointId(result.Partition.Value), result.Offset.Value);
            await store.InTransaction(async (tx, ct) =>
            {
                await apply(consumed, tx, ct);
                await store.StoreCheckpoint(checkpoint, tx, ct);
            }, cancellationToken);
            applied++;
            if (result.Offset.Value + 1 >= targets[result.Partition.Value]) targets.Remove(result.Partition.Value);
        }
        return applied;
    }

    /// <summary>Empties the read model and forgets every partition's checkpoint in one transaction, then replays the topic.</summary>
    public async Task<long> Rebuild(CancellationToken cancellationToken)
    {
        var partitions = Partitions();
        await store.InTransaction(async (tx, ct) =>
        {
            await reset(tx, ct);
            foreach (var partition in partitions)
                await store.StoreCheckpoint(Checkpoint.Empty(CheckpointId(partition)), tx, ct);
        }, cancellationToken);
        return await CatchUp(cancellationToken);
    }

    /// <summary>Messages in the topic the read model has not applied yet, over all partitions.</summary>
    public async Task<long> Lag(CancellationToken cancellationToken)
    {
        using var consumer = CreateConsumer();
        long lag = 0;
        foreach (var partition in Partitions())
        {
            var marks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition), Timeout);
            var next = (await store.GetCheckpoint(CheckpointId(partition), cancellationToken)).Position + 1 ?? marks.Low.Value;
            lag += Math.Max(0, marks.High.Value - Math.Max(next, marks.Low.Value));
        }
        return lag;
    }

    private string CheckpointId(int partition) => $"{name}:{topic}:{partition}";

    private IConsumer<string, byte[]> CreateConsumer() => new ConsumerBuilder<string, byte[]>(new ConsumerConfig
    {
        BootstrapServers = bootstrapServers,
        GroupId = name, // required by the client; offsets are never committed to it
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
    }).Build();

    private List<int> Partitions()
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var metadata = admin.GetMetadata(topic, Timeout).Topics.Single(t => t.Topic == topic);
        if (metadata.Error.IsError) throw new KafkaException(metadata.Error);
        return [.. metadata.Partitions.Select(p => p.PartitionId).Order()];
    }
}
