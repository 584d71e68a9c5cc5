using Confluent.Kafka;

namespace Stormline.Messaging.Tests.Infrastructure;

/// <summary>Reads a one-partition topic from the beginning with Confluent.Kafka, as any consumer would.</summary>
public static class TopicReader
{
    /// <summary>Consumes until <paramref name="count"/> records arrived, then keeps reading briefly to catch extras.</summary>
    public static List<ConsumeResult<string, byte[]>> Read(string bootstrap, string topic, int count, TimeSpan? timeout = null)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        };
        using var consumer = new ConsumerBuilder<string, byte[]>(config).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var results = new List<ConsumeResult<string, byte[]>>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var settle = DateTime.MaxValue;
        while (DateTime.UtcNow < deadline && DateTime.UtcNow < settle)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is { IsPartitionEOF: false, Message: not null }) results.Add(result);
            if (results.Count >= count && settle == DateTime.MaxValue) settle = DateTime.UtcNow.AddMilliseconds(500);
        }
        return results;
    }
}
