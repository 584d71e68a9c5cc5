using Confluent.Kafka;

namespace Stormline.Bench.Ops;

/// <summary>Writes one record to every partition and waits for them, so the next poll sees every offset changed.</summary>
internal sealed class PartitionWriter(string bootstrap, IReadOnlyList<(string Topic, int Partitions)> topics) : IDisposable
{
    private readonly IProducer<Null, string> _producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = bootstrap, LingerMs = 20, Acks = Acks.Leader }).Build();

    public void WriteOneToEach()
    {
        foreach (var (topic, partitions) in topics)
        {
            for (var p = 0; p < partitions; p++)
            {
                _producer.Produce(new TopicPartition(topic, p), new Message<Null, string> { Value = "y" });
            }
        }

        _producer.Flush(TimeSpan.FromMinutes(1));
    }

    public void Dispose() => _producer.Dispose();
}
