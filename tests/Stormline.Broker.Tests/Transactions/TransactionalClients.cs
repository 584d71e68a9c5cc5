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

    public static IConsumer<string, string> Consumer(string bootstrap, IsolationLevel isolation, string? group = null)
    {
        var config = KafkaClients.ConsumerConfig(bootstrap, group ?? "reader-" + Guid.NewGuid().ToString("N"));
        config.IsolationLevel = isolation;
        return new ConsumerBuilder<string, string>(config).Build();
    }
}
