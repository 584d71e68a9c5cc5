using System.Globalization;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Stormline.Broker.Tests.Crash;

/// <summary>
/// <c>stormline broker</c> with a cleaner that runs every 10 ms on a compacted topic with small segments, SIGKILLed
/// three times while an idempotent acks=all producer keeps overwriting 200 keys: kills land in the middle of cleaning
/// passes and swaps. Afterwards a consumer from the start must find, for every key, the last acknowledged value at
/// the offset its ack named, every record it reads at the offset it was acknowledged at, and fewer records than were
/// written (the cleaner did run).
/// </summary>
public sealed class CompactionCrashTests
{
    private const string Topic = "compacted-crash";
    private const int Keys = 200;
    private readonly Lock _gate = new();
    private readonly Dictionary<long, long> _ackedOffsets = [];
    private readonly List<string> _errors = [];

    [Fact]
    public async Task A_compacted_log_stays_consistent_through_SIGKILLs_during_cleaning()
    {
        var output = TestContext.Current.TestOutputHelper;
        await BrokerProcess.RunAsync(BrokerProcess.NewDataDirectory("stormline-compaction-crash"), ["log.cleaner.backoff.ms=10"], async broker =>
        {
            await broker.StartAsync();
            using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build())
            {
                await admin.CreateTopicsAsync([new TopicSpecification
                {
                    Name = Topic, NumPartitions = 1, ReplicationFactor = 1,
                    Configs = new() { ["cleanup.policy"] = "compact", ["segment.bytes"] = "16384", ["min.cleanable.dirty.ratio"] = "0.01" },
                }]);
            }

            var random = new Random(20_261_207);
            using var stop = new CancellationTokenSource();
            using var producer = new ProducerBuilder<string, string>(new ProducerConfig
            {
                BootstrapServers = broker.BootstrapServers, Acks = Acks.All, EnableIdempotence = true, LingerMs = 5,
                MessageTimeoutMs = 120_000, SocketTimeoutMs = 10_000, ReconnectBackoffMs = 20, ReconnectBackoffMaxMs = 200, RetryBackoffMs = 20,
            }).SetLogHandler((_, _) => { }).SetErrorHandler((_, _) => { }).Build();
            var producing = Task.Run(() => Produce(producer, stop.Token));
            await broker.KillRepeatedlyAsync(3, random);

            await Task.Delay(1_000);
            await stop.CancelAsync();
            await producing;
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(60)));
            Assert.Empty(_errors);

            // Let the cleaner catch up once more after the last restart, then read.
            await Task.Delay(1_000);
            var records = ReadAll(broker.BootstrapServers);
            var log = broker.Output.Split(Environment.NewLine);
            output?.WriteLine($"{_ackedOffsets.Count} acknowledged, {records.Count} left after compaction, {log.Count(l => l.Contains("Cleaned ", StringComparison.Ordinal))} cleaning passes, {log.Count(l => l.Contains("finishing the swap", StringComparison.Ordinal))} interrupted swaps finished on open");
            Assert.True(_ackedOffsets.Count > 1_000, $"only {_ackedOffsets.Count} messages were acknowledged");
            Assert.True(records.Count < _ackedOffsets.Count, "the cleaner removed nothing");
            Assert.True(records.Zip(records.Skip(1)).All(p => p.First.Offset < p.Second.Offset), "offsets increase");
            foreach (var (offset, key, sequence) in records)
            {
                Assert.Equal($"k{sequence % Keys}", key);
                Assert.True(_ackedOffsets.TryGetValue(sequence, out var acked), $"message {sequence} at offset {offset} was never acknowledged");
                Assert.Equal(acked, offset);
            }

            var latest = records.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Last().Sequence);
            foreach (var group in _ackedOffsets.Keys.GroupBy(s => $"k{s % Keys}"))
            {
                Assert.Equal(group.Max(), latest[group.Key]);
            }
        });
    }

    private void Produce(IProducer<string, string> producer, CancellationToken stop)
    {
        long next = 0;
        while (!stop.IsCancellationRequested)
        {
            for (var i = 0; i < 50; i++)
            {
                var sequence = next;
                try
                {
                    producer.Produce(Topic, new Message<string, string> { Key = $"k{sequence % Keys}", Value = sequence.ToString(CultureInfo.InvariantCulture) }, report => OnDelivery(sequence, report));
                    next++;
                }
                catch (ProduceException<string, string> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                {
                    break;
                }
            }

            Thread.Sleep(10);
        }
    }

    private void OnDelivery(long sequence, DeliveryReport<string, string> report)
    {
        lock (_gate)
        {
            if (report.Error.IsError)
            {
                _errors.Add($"{sequence} {report.Error}");
            }
            else
            {
                _ackedOffsets[sequence] = report.Offset.Value;
            }
        }
    }

    private static List<(long Offset, string Key, long Sequence)> ReadAll(string bootstrap)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap, GroupId = "compaction-crash-check", EnableAutoCommit = false, EnablePartitionEof = true,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        using var consumer = new ConsumerBuilder<string, string>(config).Build();
        var high = consumer.QueryWatermarkOffsets(new TopicPartition(Topic, 0), TimeSpan.FromSeconds(10)).High.Value;
        consumer.Assign(new TopicPartitionOffset(Topic, 0, Offset.Beginning));
        var records = new List<(long Offset, string Key, long Sequence)>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var done = false;
        while (!done && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(500));
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                done = result.Offset.Value >= high;
                continue;
            }

            records.Add((result.Offset.Value, result.Message.Key, long.Parse(result.Message.Value, CultureInfo.InvariantCulture)));
        }

        consumer.Close();
        Assert.True(done, "the read-back did not reach the end of the partition");
        return records;
    }
}
