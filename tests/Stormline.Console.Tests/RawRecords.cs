using Confluent.Kafka;

namespace Stormline.OpsConsole.Tests;

/// <summary>Every record of a topic as bytes, read from the start to the end without a group: what a real consumer would get.</summary>
internal static class RawRecords
{
    public static List<ConsumeResult<byte[]?, byte[]?>> Read(ConsoleFixture fixture, string topic)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = fixture.Kafka.BootstrapServers, GroupId = "raw-reader", EnableAutoCommit = false, EnablePartitionEof = true,
        }).Build();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = fixture.Kafka.BootstrapServers }).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        consumer.Assign(partitions.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
        var open = partitions.ToHashSet();
        var records = new List<ConsumeResult<byte[]?, byte[]?>>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (open.Count > 0 && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is not { } result)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                open.Remove(result.TopicPartition);
            }
            else
            {
                records.Add(result);
            }
        }

        consumer.Close();
        return open.Count == 0 ? records : throw new TimeoutException($"Could not read {topic} to its end.");
    }
}
