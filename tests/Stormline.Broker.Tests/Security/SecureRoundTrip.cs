using Confluent.Kafka;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Security;

/// <summary>
/// A Confluent.Kafka producer and a group consumer with the given librdkafka security settings: the consumer joins a
/// group, so FindCoordinator, JoinGroup, SyncGroup, Fetch and OffsetCommit all run over the secured connection.
/// </summary>
internal static class SecureRoundTrip
{
    /// <summary>Adds librdkafka settings by name to any client config.</summary>
    public static T With<T>(this T config, IReadOnlyDictionary<string, string> settings)
        where T : ClientConfig
    {
        foreach (var (name, value) in settings)
        {
            config.Set(name, value);
        }

        return config;
    }

    public static async Task<List<string>> RunAsync(string bootstrap, IReadOnlyDictionary<string, string> security, int count = 3)
    {
        var topic = "secure-" + Guid.NewGuid().ToString("N")[..8];
        var producerConfig = KafkaClients.ProducerConfig(bootstrap).With(security);
        var consumerConfig = KafkaClients.ConsumerConfig(bootstrap, "group-" + topic).With(security);

        using (var producer = new ProducerBuilder<string, string>(producerConfig).Build())
        {
            for (var i = 0; i < count; i++)
            {
                await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = $"secret-{i}" });
            }
        }

        using var consumer = new ConsumerBuilder<string, string>(consumerConfig).Build();
        consumer.Subscribe(topic);
        var values = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (values.Count < count && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: not null } result)
            {
                values.Add(result.Message.Value);
                consumer.Commit(result);
            }
        }

        consumer.Close();
        return values;
    }

    /// <summary>The error librdkafka reports when it cannot get metadata with these settings (null: it could).</summary>
    public static KafkaException? MetadataFailure(string bootstrap, IReadOnlyDictionary<string, string> security)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap, SocketTimeoutMs = 5_000 }.With(security)).Build();
        try
        {
            admin.GetMetadata(TimeSpan.FromSeconds(5));
            return null;
        }
        catch (KafkaException ex)
        {
            return ex;
        }
    }
}
