using Avro;
using Avro.Generic;
using Confluent.Kafka;
using Confluent.Kafka.SyncOverAsync;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Stormline.Registry.Tests.Infrastructure;

namespace Stormline.Registry.Tests.Clients;

/// <summary>Confluent's Avro and JSON serdes produce through the embedded broker and read back, with our registry behind them.</summary>
public sealed class ConfluentSerdesTests(RegistryAndBrokerFixture fixture) : IClassFixture<RegistryAndBrokerFixture>
{
    private CachedSchemaRegistryClient Registry() => new(new SchemaRegistryConfig { Url = fixture.Registry.Url });

    private ProducerConfig ProducerConfig => new() { BootstrapServers = fixture.Broker.BootstrapServers, LingerMs = 1, MessageTimeoutMs = 30_000 };

    private ConsumerConfig ConsumerConfig => new()
    {
        BootstrapServers = fixture.Broker.BootstrapServers,
        GroupId = "g-" + Guid.NewGuid().ToString("N"),
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = false,
    };

    [Fact]
    public async Task Avro_generic_records_round_trip_with_auto_registration()
    {
        const string topic = "avro-orders";
        using var registry = Registry();
        var schema = (RecordSchema)Avro.Schema.Parse(AvroSchemas.OrderV2);
        var record = new GenericRecord(schema);
        record.Add("id", "o-1");
        record.Add("total", 12.5);

        using (var producer = new ProducerBuilder<string, GenericRecord>(ProducerConfig).SetValueSerializer(new AvroSerializer<GenericRecord>(registry)).Build())
        {
            await producer.ProduceAsync(topic, new Message<string, GenericRecord> { Key = "o-1", Value = record });
        }

        var latest = await registry.GetLatestSchemaAsync($"{topic}-value");
        using var consumer = new ConsumerBuilder<string, GenericRecord>(ConsumerConfig).SetValueDeserializer(new AvroDeserializer<GenericRecord>(registry).AsSyncOverAsync()).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var result = consumer.Consume(TimeSpan.FromSeconds(20));

        Assert.NotNull(result);
        Assert.Equal("o-1", result.Message.Value["id"]);
        Assert.Equal(12.5, result.Message.Value["total"]);
        Assert.Equal(1, latest.Version);
    }

    [Fact]
    public async Task Json_serializer_round_trips_with_auto_registration_on_and_off()
    {
        using var registry = Registry();
        var deserializer = new JsonDeserializer<OrderPlaced>(registry).AsSyncOverAsync();

        using (var producer = new ProducerBuilder<string, OrderPlaced>(ProducerConfig).SetValueSerializer(new JsonSerializer<OrderPlaced>(registry)).Build())
        {
            await producer.ProduceAsync("json-orders", new Message<string, OrderPlaced> { Key = "o-1", Value = new OrderPlaced { OrderId = "o-1", Total = 3.5m } });
        }

        // Auto-registration off: the serializer looks its schema up (POST /subjects/{s}) and must find the one registered above.
        var lookupOnly = new JsonSerializerConfig { AutoRegisterSchemas = false };
        using (var producer = new ProducerBuilder<string, OrderPlaced>(ProducerConfig).SetValueSerializer(new JsonSerializer<OrderPlaced>(registry, lookupOnly)).Build())
        {
            await producer.ProduceAsync("json-orders", new Message<string, OrderPlaced> { Key = "o-2", Value = new OrderPlaced { OrderId = "o-2", Total = 7m } });
        }

        using var consumer = new ConsumerBuilder<string, OrderPlaced>(ConsumerConfig).SetValueDeserializer(deserializer).Build();
        consumer.Assign(new TopicPartitionOffset("json-orders", 0, Offset.Beginning));
        var first = consumer.Consume(TimeSpan.FromSeconds(20));
        var second = consumer.Consume(TimeSpan.FromSeconds(20));

        Assert.Equal("o-1", first.Message.Value.OrderId);
        Assert.Equal(3.5m, first.Message.Value.Total);
        Assert.Equal("o-2", second.Message.Value.OrderId);
        Assert.Equal([1], await registry.GetSubjectVersionsAsync("json-orders-value"));
    }

    [Fact]
    public async Task Serializer_with_auto_registration_off_fails_for_an_unknown_schema()
    {
        using var registry = Registry();
        using var producer = new ProducerBuilder<string, OrderPlaced>(ProducerConfig)
            .SetValueSerializer(new JsonSerializer<OrderPlaced>(registry, new JsonSerializerConfig { AutoRegisterSchemas = false }))
            .Build();

        var ex = await Assert.ThrowsAsync<ProduceException<string, OrderPlaced>>(() =>
            producer.ProduceAsync("json-unregistered", new Message<string, OrderPlaced> { Key = "k", Value = new OrderPlaced { OrderId = "x" } }));

        Assert.Contains("40401", ex.InnerException?.Message ?? ex.Message);
    }
}
