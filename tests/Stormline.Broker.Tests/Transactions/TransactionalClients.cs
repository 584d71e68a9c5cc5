using Confluent.Kafka;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Transactions;

/// <summary>Transactional producers and isolation-aware readers for the transaction tests.</summary>
public static class TransactionalClients
{
    /// <summary>
    /// A transactional producer, already initialised (InitTransactions) with the given transaction timeout; with
    /// <paramref name="clientId"/> it is that principal on a secured broker.
    /// </summary>
    public static IProducer<string, string> Producer(string bootstrap, string transactionalId, int transactionTimeoutMs = 60_000, string? clientId = null)
    {
        var producer = KafkaClients.Producer(bootstrap, c =>
        {
            c.ClientId = clientId ?? c.ClientId;
            c.TransactionalId = transactionalId;
            c.TransactionTimeoutMs = transactionTimeoutMs;
            // librdkafka wants both within the transaction timeout.
            c.MessageTimeoutMs = Math.Min(30_000, transactionTimeoutMs);
            c.SocketTimeoutMs = Math.Min(10_000, transactionTimeoutMs - 100);
        });
        producer.InitTransactions(TimeSpan.FromSeconds(30));
        return producer;
    }

    /// <summary>Commits one transaction holding one record: a marker a reader stops at.</summary>
    public static void CommitEnd(IProducer<string, string> producer, string topic, string value = "end")
    {
        producer.BeginTransaction();
        producer.Produce(topic, new Message<string, string> { Key = "k", Value = value });
        producer.CommitTransaction(TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// Reads every partition of the topic from the beginning (no group) until a record with <paramref name="until"/>
    /// as its value arrives, and returns the values before it, in partition then offset order.
    /// </summary>
    public static List<string> ReadUntil(string bootstrap, string topic, IsolationLevel isolation, string until = "end", int partitions = 1, TimeSpan? timeout = null)
    {
        using var consumer = Consumer(bootstrap, isolation);
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var values = new List<ConsumeResult<string, string>>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no '{until}' in {topic} with {isolation} after {values.Count} record(s): {string.Join(", ", values.Select(v => v.Message.Value))}");
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result?.Message is null)
            {
                continue;
            }

            if (result.Message.Value == until)
            {
                return [.. values.OrderBy(v => v.Partition.Value).ThenBy(v => v.Offset.Value).Select(v => v.Message.Value)];
            }

            values.Add(result);
        }
    }

    /// <summary>
    /// The values in every partition of the topic as a consumer with <paramref name="isolation"/> sees them, read
    /// from the beginning up to the end it reports at the start (read_committed: the last stable offset).
    /// </summary>
    public static List<string>[] ReadToEnd(string bootstrap, string topic, int partitions, IsolationLevel isolation)
    {
        var config = KafkaClients.ConsumerConfig(bootstrap, "reader-" + Guid.NewGuid().ToString("N"));
        config.IsolationLevel = isolation;
        config.EnablePartitionEof = true;
        using var consumer = new ConsumerBuilder<string, string>(config).Build();
        var ends = Enumerable.Range(0, partitions).Select(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value).ToArray();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var values = Enumerable.Range(0, partitions).Select(_ => new List<string>()).ToArray();
        var done = new bool[partitions];
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!done.All(d => d))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the {isolation} read-back did not reach the ends {string.Join(", ", ends)}");
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                done[result.Partition.Value] |= result.Offset.Value >= ends[result.Partition.Value];
                continue;
            }

            values[result.Partition.Value].Add(result.Message.Value);
        }

        consumer.Close();
        return values;
    }

    public static IConsumer<string, string> Consumer(string bootstrap, IsolationLevel isolation, string? group = null)
    {
        var config = KafkaClients.ConsumerConfig(bootstrap, group ?? "reader-" + Guid.NewGuid().ToString("N"));
        config.IsolationLevel = isolation;
        return new ConsumerBuilder<string, string>(config).Build();
    }
}
