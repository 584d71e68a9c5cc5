using Confluent.Kafka;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Clients;

public sealed class ProduceConsumeTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    [Theory]
    [InlineData(CompressionType.None)]
    [InlineData(CompressionType.Gzip)]
    [InlineData(CompressionType.Snappy)]
    [InlineData(CompressionType.Lz4)]
    [InlineData(CompressionType.Zstd)]
    public async Task Every_compression_type_round_trips_through_librdkafka(CompressionType compression)
    {
        var topic = $"compression-{compression}".ToLowerInvariant();
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 3);
        using (var producer = KafkaClients.Producer(fixture.BootstrapServers, c => c.CompressionType = compression))
        {
            for (var i = 0; i < 500; i++)
            {
                producer.Produce(topic, new Message<string, string> { Key = $"k{i % 7}", Value = $"value-{i}-" + new string('x', i % 50), Headers = [new Header("h", [(byte)i])] });
            }

            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        }

        var records = KafkaClients.ReadAll(fixture.BootstrapServers, topic, 3, 500);
        Assert.Equal(500, records.Count);
        var values = records.Select(r => r.Message.Value).ToHashSet();
        for (var i = 0; i < 500; i++)
        {
            Assert.Contains($"value-{i}-" + new string('x', i % 50), values);
        }

        Assert.All(records, r => Assert.Equal((byte)int.Parse(r.Message.Value.Split('-')[1]), r.Message.Headers.GetLastBytes("h")[0]));
    }

    [Fact]
    public async Task Offsets_are_assigned_by_the_broker_in_order_per_partition()
    {
        const string topic = "ordered";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 2);
        using var producer = KafkaClients.Producer(fixture.BootstrapServers);
        var delivered = new List<DeliveryResult<string, string>>();
        for (var i = 0; i < 100; i++)
        {
            delivered.Add(await producer.ProduceAsync(new TopicPartition(topic, i % 2), new Message<string, string> { Key = "k", Value = i.ToString() }));
        }

        foreach (var partition in new[] { 0, 1 })
        {
            var offsets = delivered.Where(d => d.Partition.Value == partition).Select(d => d.Offset.Value).ToList();
            Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), offsets);
        }
    }

    [Theory]
    [InlineData(Acks.None)]
    [InlineData(Acks.Leader)]
    [InlineData(Acks.All)]
    public async Task Every_acks_setting_delivers(Acks acks)
    {
        var topic = $"acks-{(int)acks}".Replace("-", "m", StringComparison.Ordinal);
        using (var producer = KafkaClients.Producer(fixture.BootstrapServers, c =>
        {
            c.Acks = acks;
            c.EnableIdempotence = acks == Acks.All;
        }))
        {
            for (var i = 0; i < 50; i++)
            {
                producer.Produce(topic, new Message<string, string> { Key = null!, Value = i.ToString() });
            }

            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        }

        var records = KafkaClients.ReadAll(fixture.BootstrapServers, topic, 1, 50);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => i.ToString()), records.Select(r => r.Message.Value));
    }

    [Fact]
    public async Task A_consumer_waiting_on_an_empty_partition_receives_a_record_as_soon_as_it_is_produced()
    {
        const string topic = "long-poll";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 1);
        var config = KafkaClients.ConsumerConfig(fixture.BootstrapServers, "long-poll-reader");
        config.FetchWaitMaxMs = 5_000;
        using var consumer = new ConsumerBuilder<string, string>(config).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        Assert.Null(consumer.Consume(TimeSpan.FromMilliseconds(1_000)));

        using var producer = KafkaClients.Producer(fixture.BootstrapServers);
        var sent = DateTime.UtcNow;
        await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "now" });
        var result = consumer.Consume(TimeSpan.FromSeconds(10));
        Assert.NotNull(result);
        Assert.Equal("now", result.Message.Value);
        // Far below fetch.wait.max.ms: the append woke the waiting fetch instead of it timing out.
        Assert.True(DateTime.UtcNow - sent < TimeSpan.FromSeconds(3), "the fetch was not woken by the append");
    }
}
