using Confluent.Kafka;
using Confluent.Kafka.SyncOverAsync;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;

namespace Stormline.Testing;

/// <summary>Typed records through the schema registry: JSON Schema serdes in Confluent's wire format (magic byte, schema id).</summary>
public sealed partial class StormlineKafka
{
    /// <summary>
    /// A registry client for this kit. Retries 5xx answers (a registry outage) a few times with backoff, as a
    /// production client should be configured to.
    /// </summary>
    public ISchemaRegistryClient CreateSchemaRegistryClient() => new CachedSchemaRegistryClient(ClientProperties.RegistryConfig(
            SchemaRegistryUrl ?? throw new InvalidOperationException("this kit has no schema registry: start it with WithSchemaRegistry = true"))
        .Concat(new SchemaRegistryConfig
        {
            // The client's backoff is randomized, so a short budget can end inside an outage of a second or two.
            MaxRetries = 10,
            RetriesWaitMs = 500,
            RetriesMaxWaitMs = 2000,
        }));

    /// <summary>
    /// Produces <paramref name="value"/> serialized with Confluent's JSON Schema serializer (the schema is registered
    /// under <c>{topic}-value</c> on first use) and waits for the acknowledgement.
    /// </summary>
    public async Task<DeliveryResult<string?, TValue>> ProduceTypedAsync<TValue>(string topic, string? key, TValue value, CancellationToken cancellationToken = default)
        where TValue : class
    {
        using var registry = CreateSchemaRegistryClient();
        using var producer = new ProducerBuilder<string?, TValue>(ClientProperties.ApplyTo(new ProducerConfig { BootstrapServers = BootstrapServers, EnableIdempotence = true }))
            .SetValueSerializer(new JsonSerializer<TValue>(registry))
            .Build();
        return await producer.ProduceAsync(topic, new Message<string?, TValue> { Key = key, Value = value }, cancellationToken);
    }

    /// <summary>Reads a topic of JSON Schema records from the start until nothing new arrives for <paramref name="idle"/>.</summary>
    public IReadOnlyList<TValue> ConsumeTypedUntilIdle<TValue>(string topic, TimeSpan idle)
        where TValue : class
    {
        using var consumer = new ConsumerBuilder<string?, TValue>(ReaderConfig())
            .SetValueDeserializer(new JsonDeserializer<TValue>().AsSyncOverAsync())
            .Build();
        var values = new List<TValue>();
        ReadTopic(consumer, topic, idle, result => values.Add(result.Message.Value));
        consumer.Close();
        return values;
    }
}
