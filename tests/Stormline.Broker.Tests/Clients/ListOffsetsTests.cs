using Confluent.Kafka;
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
}
