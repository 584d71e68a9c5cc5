using Confluent.Kafka;

namespace Stormline.Bench.Targets;

/// <summary>The librdkafka settings the bench uses (Confluent.Kafka), stated once so the results page can quote them.</summary>
public static class KafkaClientConfigs
{
    public const string ThroughputSummary =
        "Confluent.Kafka 2.16 (librdkafka 2.16): acks=all, enable.idempotence=true (max.in.flight 5), linger.ms=5, batch.size=1000000, " +
        "batch.num.messages=1000000, queue.buffering.max.messages=1000000, queue.buffering.max.kbytes=1048576, compression none, " +
        "delivery reports with status only; consumer: assign (no group join), max.partition.fetch.bytes=8388608, fetch.wait.max.ms=100, " +
        "queued.min.messages=1000000, queued.max.messages.kbytes=262144, fetch.queue.backoff.ms=10";

    public const string LatencySummary = "latency producer: same but linger.ms=0";

    /// <summary>acks=all + idempotence, batching tuned for throughput.</summary>
    public static ProducerConfig Throughput(string bootstrap) => new()
    {
        BootstrapServers = bootstrap,
        ClientId = "stormline-bench",
        Acks = Acks.All,
        EnableIdempotence = true,
        LingerMs = 5,
        BatchSize = 1_000_000,
        BatchNumMessages = 1_000_000,
        QueueBufferingMaxMessages = 1_000_000,
        QueueBufferingMaxKbytes = 1_048_576,
        CompressionType = CompressionType.None,
        DeliveryReportFields = "status",
    };

    /// <summary>acks=all + idempotence, sent at once (no linger) for the latency run.</summary>
    public static ProducerConfig Latency(string bootstrap)
    {
        var config = Throughput(bootstrap);
        config.LingerMs = 0;
        return config;
    }

    public static ConsumerConfig Consumer(string bootstrap) => new()
    {
        BootstrapServers = bootstrap,
        ClientId = "stormline-bench",
        GroupId = "stormline-bench",
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        MaxPartitionFetchBytes = 8 * 1024 * 1024,
        FetchWaitMaxMs = 100,
        FetchMinBytes = 1,
        // librdkafka stops fetching while its local queue holds queued.min.messages (default 100,000) and then waits
        // fetch.queue.backoff.ms (default 1 s): with 100-byte records that caps a read-back near 280,000 msg/s.
        QueuedMinMessages = 1_000_000,
        QueuedMaxMessagesKbytes = 262_144,
        FetchQueueBackoffMs = 10,
        ConsumeResultFields = "none",
    };
}
