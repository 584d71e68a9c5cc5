using System.Diagnostics;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Tests.Crash;

namespace Stormline.Broker.Tests.Bench;

/// <summary>
/// Produce throughput through librdkafka (acks=all, idempotent, 100 B values) against the broker as its own process,
/// and against librdkafka's in-memory mock cluster as the peer in the same run. Skipped unless STORMLINE_BENCH=1;
/// run by <c>bench/produce-throughput.sh</c>. STORMLINE_BENCH_MESSAGES, _PARTITIONS and _CONFIG (name=value,...)
/// change the shape.
/// </summary>
[Trait("Category", "Bench")]
public sealed class ProduceThroughputBench
{
    public static bool Enabled => Environment.GetEnvironmentVariable("STORMLINE_BENCH") == "1";

    /// <summary>STORMLINE_BENCH_MESSAGES, 2,000,000 by default.</summary>
    internal static int Messages => int.TryParse(Environment.GetEnvironmentVariable("STORMLINE_BENCH_MESSAGES"), out var m) ? m : 2_000_000;

    /// <summary>STORMLINE_BENCH_PARTITIONS, 4 by default.</summary>
    internal static int Partitions => int.TryParse(Environment.GetEnvironmentVariable("STORMLINE_BENCH_PARTITIONS"), out var p) ? p : 4;

    [Fact(Skip = "benchmarks run only through bench/produce-throughput.sh (STORMLINE_BENCH=1)", SkipUnless = nameof(Enabled), Timeout = 600_000)]
    public async Task Produce_100_byte_records_with_acks_all()
    {
        var output = TestContext.Current.TestOutputHelper!;
        var messages = Messages;
        var partitions = Partitions;
        var configs = (Environment.GetEnvironmentVariable("STORMLINE_BENCH_CONFIG") ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(c => c.Split('=', 2))
            .ToDictionary(c => c[0], c => c[1]);

        var dataDirectory = Path.Combine(Path.GetTempPath(), "stormline-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var broker = new BrokerProcess(dataDirectory);
            await broker.StartAsync();
            using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build())
            {
                await admin.CreateTopicsAsync([new TopicSpecification { Name = "bench", NumPartitions = partitions, ReplicationFactor = 1, Configs = configs }]);
            }

            var brokerCpuBefore = broker.ProcessorTime;
            var stormline = Run(new ProducerConfig { BootstrapServers = broker.BootstrapServers }, messages, partitions);
            var brokerCpu = broker.ProcessorTime - brokerCpuBefore;
            var mockConfig = new ProducerConfig();
            mockConfig.Set("test.mock.num.brokers", "1");
            var mock = Run(mockConfig, messages, partitions);

            output.WriteLine($"{messages:N0} x 100 B, {partitions} partition(s), acks=all, idempotent, topic configs [{string.Join(", ", configs.Select(c => $"{c.Key}={c.Value}"))}]");
            // On shared cores wall time measures the neighbours too; messages per CPU-second (client + broker) do not.
            var stormlinePerCpu = messages / (stormline.ClientCpu + brokerCpu).TotalSeconds;
            var mockPerCpu = messages / mock.ClientCpu.TotalSeconds;
            output.WriteLine($"stormline broker: {stormline.PerSecond:N0} msg/s ({stormline.PerSecond * 100 / 1e6:F1} MB/s of values), {stormline.Elapsed.TotalSeconds:F2} s; CPU: client {stormline.ClientCpu.TotalSeconds:F2} s + broker {brokerCpu.TotalSeconds:F2} s = {stormlinePerCpu:N0} msg per CPU-second");
            output.WriteLine($"librdkafka mock cluster (in the client process): {mock.PerSecond:N0} msg/s, {mock.Elapsed.TotalSeconds:F2} s; CPU {mock.ClientCpu.TotalSeconds:F2} s = {mockPerCpu:N0} msg per CPU-second");
            output.WriteLine($"ratio stormline / mock: {stormline.PerSecond / mock.PerSecond:F2} by wall time, {stormlinePerCpu / mockPerCpu:F2} by CPU");
            output.WriteLine($"data on disk: {Directory.EnumerateFiles(dataDirectory, "*.log", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) / 1e6:F1} MB");
            Assert.Equal(0, stormline.Failed);
            Assert.Equal(0, mock.Failed);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>Produces <paramref name="messages"/> to "bench" after a warm-up; also used by <see cref="SecurityThroughputBench"/>.</summary>
    internal static (double PerSecond, TimeSpan Elapsed, TimeSpan ClientCpu, long Failed) Run(ProducerConfig config, int messages, int partitions)
    {
        config.Acks = Acks.All;
        config.EnableIdempotence = true;
        config.LingerMs = 5;
        config.QueueBufferingMaxMessages = 1_000_000;
        config.QueueBufferingMaxKbytes = 1_048_576;
        long failed = 0;
        using var producer = new ProducerBuilder<Null, byte[]>(config).SetLogHandler((_, _) => { }).Build();
        var value = new byte[100];
        Random.Shared.NextBytes(value);
        var message = new Message<Null, byte[]> { Value = value };
        Action<DeliveryReport<Null, byte[]>> onDelivery = r =>
        {
            if (r.Error.IsError)
            {
                Interlocked.Increment(ref failed);
            }
        };

        // Warm up: metadata, producer id, connections.
        producer.Produce(new TopicPartition("bench", 0), message, onDelivery);
        producer.Flush(TimeSpan.FromSeconds(30));
        using var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < messages; i++)
        {
            while (true)
            {
                try
                {
                    producer.Produce(new TopicPartition("bench", i % partitions), message, onDelivery);
                    break;
                }
                catch (ProduceException<Null, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(1));
                }
            }
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromMinutes(5)));
        watch.Stop();
        self.Refresh();
        return (messages / watch.Elapsed.TotalSeconds, watch.Elapsed, self.TotalProcessorTime - cpu, Interlocked.Read(ref failed));
    }
}
