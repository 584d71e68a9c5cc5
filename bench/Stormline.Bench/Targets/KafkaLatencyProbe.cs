using Confluent.Kafka;
using Stormline.Bench.Measurement;
using Stormline.Bench.Workloads;

namespace Stormline.Bench.Targets;

/// <summary>An un-lingered acks=all idempotent producer and an assigned consumer on one Kafka topic.</summary>
public sealed class KafkaLatencyProbe : ILatencyProbe
{
    private readonly IProducer<Null, byte[]> _producer;
    private readonly string _bootstrap;
    private readonly string _topic;
    private readonly int _partitions;
    private readonly Action<DeliveryReport<Null, byte[]>> _onDelivery;
    private long _failed;

    public KafkaLatencyProbe(string bootstrap, string topic, int partitions)
    {
        _bootstrap = bootstrap;
        _topic = topic;
        _partitions = partitions;
        _producer = new ProducerBuilder<Null, byte[]>(KafkaClientConfigs.Latency(bootstrap)).Build();
        _onDelivery = report =>
        {
            if (report.Error.IsError)
            {
                Interlocked.Increment(ref _failed);
            }
        };
    }

    public Task ConsumeAsync(LatencyRecorder recorder, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(
            () =>
            {
                using var consumer = new ConsumerBuilder<Ignore, byte[]>(KafkaClientConfigs.Consumer(_bootstrap)).Build();
                consumer.Assign(Enumerable.Range(0, _partitions).Select(p => new TopicPartitionOffset(_topic, p, Offset.Beginning)));
                while (!cancellationToken.IsCancellationRequested)
                {
                    if (consumer.Consume(TimeSpan.FromMilliseconds(100))?.Message is { } message)
                    {
                        recorder.Record(Payload.ReadStamp(message.Value));
                    }
                }

                consumer.Close();
            },
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    public void Send(byte[] value) => _producer.Produce(_topic, new Message<Null, byte[]> { Value = value }, _onDelivery);

    public Task<long> DrainAsync() => Task.Run(() => _producer.Flush(TimeSpan.FromSeconds(30)) + Interlocked.Read(ref _failed));

    public ValueTask DisposeAsync()
    {
        _producer.Dispose();
        return ValueTask.CompletedTask;
    }
}
