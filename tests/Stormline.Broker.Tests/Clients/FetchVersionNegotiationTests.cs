using System.Collections.Concurrent;
using Confluent.Kafka;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Clients;

/// <summary>
/// Confluent.Kafka (librdkafka 2.x) asks for Fetch up to v16 and uses topic ids when Metadata gave it real ones: it
/// must fetch at v16, by id, and get its records, as against Kafka 4.
/// </summary>
public sealed class FetchVersionNegotiationTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    [Fact]
    public async Task Confluent_Kafka_fetches_at_v16_with_topic_ids_and_reads_everything()
    {
        const string topic = "fetch-negotiated";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 2);
        await KafkaClients.ProduceAsync(fixture.BootstrapServers, topic, 2, 5);
        var sent = new ConcurrentQueue<string>();
        var config = KafkaClients.ConsumerConfig(fixture.BootstrapServers, "fetch-negotiated");
        config.Debug = "protocol";
        using var consumer = new ConsumerBuilder<string, string>(config)
            .SetLogHandler((_, log) =>
            {
                if (log.Message.Contains("Sent FetchRequest", StringComparison.Ordinal)) sent.Enqueue(log.Message);
            })
            .Build();
        consumer.Assign([new TopicPartitionOffset(topic, 0, Offset.Beginning), new TopicPartitionOffset(topic, 1, Offset.Beginning)]);

        var values = new List<string>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (values.Count < 10 && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: { } message })
            {
                values.Add(message.Value);
            }
        }

        consumer.Close();
        Assert.Equal(Enumerable.Range(0, 2).SelectMany(p => Enumerable.Range(0, 5).Select(i => $"{p}-{i}")).Order(), values.Order());
        Assert.NotEmpty(sent);
        Assert.All(sent, line => Assert.Contains("(v16,", line, StringComparison.Ordinal));
    }
}
