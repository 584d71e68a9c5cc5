using Confluent.Kafka;

namespace Stormline.Broker.Tests.Infrastructure;

/// <summary>Confluent.Kafka clients configured for tests: fast timeouts, errors surfaced, no background noise.</summary>
public static class KafkaClients
{
    public static ProducerConfig ProducerConfig(string bootstrap, bool idempotent = true) => new()
    {
        BootstrapServers = bootstrap,
        Acks = Acks.All,
        EnableIdempotence = idempotent,
        LingerMs = 1,
        MessageTimeoutMs = 30_000,
        SocketTimeoutMs = 10_000,
    };

    public static ConsumerConfig ConsumerConfig(string bootstrap, string group) => new()
    {
        BootstrapServers = bootstrap,
        GroupId = group,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = false,
        SessionTimeoutMs = 6_000,
        HeartbeatIntervalMs = 500,
        SocketTimeoutMs = 10_000,
    };

    public static IProducer<string, string> Producer(string bootstrap, Action<ProducerConfig>? configure = null)
    {
        var config = ProducerConfig(bootstrap);
        configure?.Invoke(config);
        return new ProducerBuilder<string, string>(config).Build();
    }

    public static IAdminClient Admin(string bootstrap) => new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();

    public static async Task CreateTopicAsync(string bootstrap, string topic, int partitions)
    {
        using var admin = Admin(bootstrap);
        await admin.CreateTopicsAsync([new Confluent.Kafka.Admin.TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = 1 }]);
    }

    /// <summary>Produces <paramref name="perPartition"/> records to each partition, one at a time, values "partition-index".</summary>
    public static async Task ProduceAsync(string bootstrap, string topic, int partitions, int perPartition)
    {
        using var producer = Producer(bootstrap);
        for (var p = 0; p < partitions; p++)
        {
            for (var i = 0; i < perPartition; i++)
            {
                await producer.ProduceAsync(new TopicPartition(topic, p), new Message<string, string> { Key = "k", Value = $"{p}-{i}" });
            }
        }
    }

    /// <summary>Consumes from assigned partitions (no group) until <paramref name="count"/> records arrived or the time is up.</summary>
    public static List<ConsumeResult<string, string>> ReadAll(string bootstrap, string topic, int partitions, int count, TimeSpan? timeout = null)
    {
        var config = ConsumerConfig(bootstrap, "reader-" + Guid.NewGuid().ToString("N"));
        using var consumer = new ConsumerBuilder<string, string>(config).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var results = new List<ConsumeResult<string, string>>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (results.Count < count && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is { IsPartitionEOF: false, Message: not null })
            {
                results.Add(result);
            }
        }

        consumer.Close();
        return results;
    }
}
