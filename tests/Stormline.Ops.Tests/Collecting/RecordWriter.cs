using Confluent.Kafka;

namespace Stormline.Ops.Tests.Collecting;

/// <summary>
/// Writes records to a chosen partition with a chosen timestamp, and commits offsets for a group without joining it
/// (a "simple" consumer group, member-less from the start), so tests know exactly which record a group waits on.
/// </summary>
internal sealed class RecordWriter(string bootstrap) : IDisposable
{
    private readonly IProducer<string, string> _producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = bootstrap }).Build();

    /// <summary>Writes one record; its offset.</summary>
    public async Task<long> WriteAsync(string topic, int partition, DateTimeOffset timestamp)
    {
        var delivered = await _producer.ProduceAsync(new TopicPartition(topic, partition), new Message<string, string> { Key = "k", Value = "v", Timestamp = new Timestamp(timestamp) });
        return delivered.Offset.Value;
    }

    /// <summary>Commits <paramref name="offset"/> (the next record to read) for <paramref name="group"/> by OffsetCommit alone.</summary>
    public void Commit(string group, string topic, int partition, long offset)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = group, EnableAutoCommit = false }).Build();
        consumer.Commit([new TopicPartitionOffset(topic, partition, offset)]);
        consumer.Close();
    }

    public void Dispose() => _producer.Dispose();
}
