using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Bench.Measurement;
using Stormline.Bench.Servers;

namespace Stormline.Bench.Targets;

/// <summary>A Kafka-wire broker (Stormline's) through Confluent.Kafka: one producer, one assigned consumer.</summary>
public sealed class KafkaTarget(string name, ServerProcess server, int partitions) : IMessagingTarget
{
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(15);

    public string Name => name;

    public ServerProcess Server => server;

    public string Bootstrap => $"127.0.0.1:{server.Port}";

    public int Partitions => partitions;

    public string ClientSettings => $"{KafkaClientConfigs.ThroughputSummary}; {KafkaClientConfigs.LatencySummary}; topic with {partitions} partition(s)";

    public async Task PrepareAsync(string stream, CancellationToken cancellationToken)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = Bootstrap }).Build();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = stream, NumPartitions = partitions, ReplicationFactor = 1 }]);
    }

    public Task<TransferOutcome> ProduceAsync(string stream, byte[] payload, int count, TimeSpan cap, ProgressCounter progress, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Produce(stream, payload, count, cap, progress, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private TransferOutcome Produce(string stream, byte[] payload, int count, TimeSpan cap, ProgressCounter progress, CancellationToken cancellationToken)
    {
        long acked = 0;
        long failed = 0;
        string? firstError = null;
        using var producer = new ProducerBuilder<Null, byte[]>(KafkaClientConfigs.Throughput(Bootstrap)).Build();
        void OnDelivery(DeliveryReport<Null, byte[]> report)
        {
            if (report.Error.IsError)
            {
                Interlocked.Increment(ref failed);
                firstError ??= report.Error.Reason;
            }
            else
            {
                Interlocked.Increment(ref acked);
            }

            progress.Add(1);
        }

        // Produce copies the value into librdkafka at once, so one message object serves every send.
        var message = new Message<Null, byte[]> { Value = payload };
        var meter = CpuMeter.Start(() => server.CpuTime);
        var sent = 0;
        var capped = false;
        while (sent < count)
        {
            if ((sent & 1023) == 0 && (meter.Elapsed > cap || cancellationToken.IsCancellationRequested))
            {
                capped = true;
                break;
            }

            try
            {
                producer.Produce(stream, message, OnDelivery);
                sent++;
            }
            catch (ProduceException<Null, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(1));
            }
        }

        var left = producer.Flush(TimeSpan.FromSeconds(60));
        var elapsed = meter.Elapsed;
        var cpu = meter.Stop();
        var note = Note(capped, sent, count, left, failed, firstError);
        return new TransferOutcome(acked, acked * payload.Length, elapsed, cpu, failed + left, note);
    }

    private static string? Note(bool capped, int sent, int count, int left, long failed, string? firstError)
    {
        var parts = new List<string>();
        if (capped)
        {
            parts.Add($"capped after {sent:N0} of {count:N0}");
        }

        if (left > 0)
        {
            parts.Add($"{left:N0} unacknowledged after flush");
        }

        if (failed > 0)
        {
            parts.Add($"{failed:N0} failed ({firstError})");
        }

        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    public Task<TransferOutcome> ConsumeAsync(string stream, long expected, ProgressCounter progress, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Consume(stream, expected, progress, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private TransferOutcome Consume(string stream, long expected, ProgressCounter progress, CancellationToken cancellationToken)
    {
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(KafkaClientConfigs.Consumer(Bootstrap)).Build();
        var meter = CpuMeter.Start(() => server.CpuTime);
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(stream, p, Offset.Beginning)));
        long received = 0;
        long bytes = 0;
        var lastProgress = meter.Elapsed;
        var firstRecordAt = TimeSpan.Zero;
        while (received < expected && !cancellationToken.IsCancellationRequested)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result?.Message is not { } message)
            {
                if (meter.Elapsed - lastProgress > Stall)
                {
                    break;
                }

                continue;
            }

            if (received++ == 0)
            {
                firstRecordAt = meter.Elapsed;
            }

            bytes += message.Value.Length;
            if ((received & 1023) == 0)
            {
                progress.Add(1024);
                lastProgress = meter.Elapsed;
            }
        }

        var elapsed = meter.Elapsed - firstRecordAt;
        var cpu = meter.Stop();
        consumer.Close();
        return new TransferOutcome(received, bytes, elapsed, cpu, 0, ConsumeNote.For(received, expected, firstRecordAt));
    }

    public Task ReleaseAsync(string stream, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<ILatencyProbe> OpenLatencyProbeAsync(string stream, CancellationToken cancellationToken) =>
        Task.FromResult<ILatencyProbe>(new KafkaLatencyProbe(Bootstrap, stream, partitions));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
