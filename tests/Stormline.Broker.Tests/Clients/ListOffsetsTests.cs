using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Clients;

public sealed class ListOffsetsTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    [Fact]
    public async Task Watermarks_and_lookups_by_timestamp_answer_like_Kafka()
    {
        const string topic = "timestamps";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 1);
        using var producer = KafkaClients.Producer(fixture.BootstrapServers, c => c.LingerMs = 0);
        var baseTime = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeMilliseconds();
        for (var i = 0; i < 10; i++)
        {
            await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = i.ToString(), Timestamp = new Timestamp(baseTime + (i * 1000), TimestampType.CreateTime) });
        }

        using var consumer = new ConsumerBuilder<string, string>(KafkaClients.ConsumerConfig(fixture.BootstrapServers, "ts")).Build();
        var watermarks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(10));
        Assert.Equal(0, watermarks.Low.Value);
        Assert.Equal(10, watermarks.High.Value);

        var found = consumer.OffsetsForTimes([new TopicPartitionTimestamp(topic, 0, new Timestamp(baseTime + 4500, TimestampType.CreateTime))], TimeSpan.FromSeconds(10));
        Assert.Equal(5, found[0].Offset.Value);

        var none = consumer.OffsetsForTimes([new TopicPartitionTimestamp(topic, 0, new Timestamp(baseTime + 60_000, TimestampType.CreateTime))], TimeSpan.FromSeconds(10));
        Assert.Equal(Offset.End, none[0].Offset);
    }

    [Fact]
    public async Task The_admin_client_finds_the_record_with_the_largest_timestamp_and_the_earliest_and_latest_offsets()
    {
        const string topic = "max-timestamp";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 2);
        using var producer = KafkaClients.Producer(fixture.BootstrapServers, c => c.LingerMs = 0);
        var baseTime = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeMilliseconds();

        // The largest timestamp is in the middle, and twice: the first of the two is the answer.
        long[] deltas = [0, 5_000, 9_000, 1_000, 9_000, 2_000];
        foreach (var delta in deltas)
        {
            await producer.ProduceAsync(new TopicPartition(topic, 0), new Message<string, string> { Key = "k", Value = "v", Timestamp = new Timestamp(baseTime + delta, TimestampType.CreateTime) });
        }

        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        var max = await admin.ListOffsetsAsync([
            new TopicPartitionOffsetSpec { TopicPartition = new TopicPartition(topic, 0), OffsetSpec = OffsetSpec.MaxTimestamp() },
            new TopicPartitionOffsetSpec { TopicPartition = new TopicPartition(topic, 1), OffsetSpec = OffsetSpec.MaxTimestamp() },
        ]);
        var byPartition = max.ResultInfos.ToDictionary(r => r.TopicPartitionOffsetError.Partition.Value);
        Assert.Equal(2, byPartition[0].TopicPartitionOffsetError.Offset.Value);
        Assert.Equal(baseTime + 9_000, byPartition[0].Timestamp);
        Assert.Equal(-1, byPartition[1].TopicPartitionOffsetError.Offset.Value);

        var ends = await admin.ListOffsetsAsync([
            new TopicPartitionOffsetSpec { TopicPartition = new TopicPartition(topic, 0), OffsetSpec = OffsetSpec.Earliest() },
        ]);
        Assert.Equal(0, Assert.Single(ends.ResultInfos).TopicPartitionOffsetError.Offset.Value);
    }
}
