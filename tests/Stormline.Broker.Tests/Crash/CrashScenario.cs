using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Stormline.Broker.Tests.Crash;

/// <summary>
/// An idempotent acks=all producer writes without pause to a multi-partition topic while the broker process is
/// SIGKILLed and restarted on the same port and data folder; afterwards an assigned consumer reads every partition
/// back and every acknowledged message must be there exactly once, in order, at the offset its ack named.
/// </summary>
public sealed class CrashScenario(int kills, IReadOnlyDictionary<string, string>? topicConfigs = null, int partitions = 4, int seed = 20_251_125)
{
    private const string Topic = "crash";
    private readonly object _gate = new();
    private readonly List<(long Sequence, long Offset)>[] _acked = Enumerable.Range(0, partitions).Select(_ => new List<(long, long)>()).ToArray();
    private readonly List<string> _errors = [];

    public async Task RunAsync()
    {
        var output = TestContext.Current.TestOutputHelper;
        // Small segments so that kills also land around rolls, snapshots and the background flush.
        await BrokerProcess.RunAsync(BrokerProcess.NewDataDirectory("stormline-crash"), ["log.segment.bytes=262144"], async broker =>
        {
            await broker.StartAsync();
            using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build())
            {
                await admin.CreateTopicsAsync([new TopicSpecification { Name = Topic, NumPartitions = partitions, ReplicationFactor = 1, Configs = topicConfigs?.ToDictionary() }]);
            }

            var random = new Random(seed);
            var restarts = new List<TimeSpan>();
            using var stop = new CancellationTokenSource();
            // librdkafka reports every refused connection while the broker is down; the delivery reports say what matters.
            using var producer = new ProducerBuilder<Null, string>(ProducerConfig(broker.BootstrapServers)).SetLogHandler((_, _) => { }).SetErrorHandler((_, _) => { }).Build();
            var producing = Task.Run(() => Produce(producer, stop.Token));
            for (var kill = 0; kill < kills; kill++)
            {
                await Task.Delay(random.Next(400, 1_500));
                broker.Kill();
                var watch = Stopwatch.StartNew();
                await broker.StartAsync();
                restarts.Add(watch.Elapsed);
            }

            await Task.Delay(1_000);
            await stop.CancelAsync();
            await producing;
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(60)));

            var acked = _acked.Sum(a => a.Count);
            output?.WriteLine($"{kills} kills, {acked} acknowledged messages, {_errors.Count} failed deliveries, restart to listening: median {restarts.Order().ElementAt(restarts.Count / 2).TotalMilliseconds:F0} ms, max {restarts.Max().TotalMilliseconds:F0} ms");
            Assert.Empty(_errors);
            Assert.True(acked > 1_000, $"only {acked} messages were acknowledged");
            Verify(broker.BootstrapServers);
        });
    }

    private static ProducerConfig ProducerConfig(string bootstrap) => new()
    {
        BootstrapServers = bootstrap,
        Acks = Acks.All,
        EnableIdempotence = true,
        LingerMs = 5,
        // Longer than any outage here: every message must be delivered in the end, none given up on.
        MessageTimeoutMs = 120_000,
        SocketTimeoutMs = 10_000,
        ReconnectBackoffMs = 20,
        ReconnectBackoffMaxMs = 200,
        RetryBackoffMs = 20,
        QueueBufferingMaxMessages = 50_000,
    };

    /// <summary>Round-robin over the partitions, each message naming its partition and its place in that partition's sequence.</summary>
    private void Produce(IProducer<Null, string> producer, CancellationToken stop)
    {
        var next = new long[partitions];
        while (!stop.IsCancellationRequested)
        {
            for (var i = 0; i < 200; i++)
            {
                var partition = (int)(next.Sum() % partitions);
                var sequence = next[partition];
                try
                {
                    producer.Produce(new TopicPartition(Topic, partition), new Message<Null, string> { Value = $"{partition}:{sequence}" }, report => OnDelivery(partition, sequence, report));
                    next[partition]++;
                }
                catch (ProduceException<Null, string> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                {
                    break;
                }
            }

            // About 20k messages a second: plenty in flight at every kill without swamping two shared cores.
            Thread.Sleep(10);
        }
    }

    private void OnDelivery(int partition, long sequence, DeliveryReport<Null, string> report)
    {
        lock (_gate)
        {
            if (report.Error.IsError)
            {
                _errors.Add($"{partition}:{sequence} {report.Error}");
            }
            else
            {
                _acked[partition].Add((sequence, report.Offset.Value));
            }
        }
    }

    private void Verify(string bootstrap)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "crash-check",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        using var consumer = new ConsumerBuilder<Ignore, string>(config).Build();
        var logs = Enumerable.Range(0, partitions).Select(_ => new List<(long Offset, string Value)>()).ToArray();
        var highs = Enumerable.Range(0, partitions).Select(p => consumer.QueryWatermarkOffsets(new TopicPartition(Topic, p), TimeSpan.FromSeconds(10)).High.Value).ToArray();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(Topic, p, Offset.Beginning)));
        var done = new bool[partitions];
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (done.Contains(false) && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(500));
            if (result is null)
            {
                continue;
            }

            var p = result.Partition.Value;
            if (result.IsPartitionEOF)
            {
                done[p] = result.Offset.Value >= highs[p];
                continue;
            }

            logs[p].Add((result.Offset.Value, result.Message.Value));
        }

        consumer.Close();
        Assert.All(done, d => Assert.True(d, "the read-back did not reach the end of every partition"));
        for (var p = 0; p < partitions; p++)
        {
            var previous = -1L;
            var at = new Dictionary<long, long>();
            foreach (var (offset, value) in logs[p])
            {
                var parts = value.Split(':');
                Assert.Equal(p, int.Parse(parts[0], CultureInfo.InvariantCulture));
                var sequence = long.Parse(parts[1], CultureInfo.InvariantCulture);
                Assert.True(sequence > previous, $"partition {p}: message {sequence} at offset {offset} follows {previous}: duplicated or out of order");
                previous = sequence;
                at[sequence] = offset;
            }

            foreach (var (sequence, offset) in _acked[p])
            {
                Assert.True(at.TryGetValue(sequence, out var stored), $"partition {p}: acknowledged message {sequence} (offset {offset}) is missing");
                Assert.Equal(offset, stored);
            }
        }
    }
}
