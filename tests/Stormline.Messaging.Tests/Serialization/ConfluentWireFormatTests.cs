using Confluent.Kafka;
using Confluent.Kafka.SyncOverAsync;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Microsoft.Data.Sqlite;
using Stormline.EventSourcing.Serialization;
using Stormline.EventSourcing.Sqlite;
using Stormline.EventSourcing.Streams;
using Stormline.Messaging.Consuming;
using Stormline.Messaging.Outbox;
using Stormline.Messaging.Serialization;
using Stormline.Messaging.Tests.Consuming;
using Stormline.Messaging.Tests.Infrastructure;
using Stormline.Testing;

namespace Stormline.Messaging.Tests.Serialization;

/// <summary>
/// The relay writing Confluent's wire format: Confluent's own JSON Schema deserializer reads (and validates) what it
/// publishes, and Stormline's consumer reads the same records.
/// </summary>
public sealed class ConfluentWireFormatTests : IAsyncLifetime
{
    private const string Topic = "payment-requests";
    private const string PaymentSchema = """
        {"$schema":"http://json-schema.org/draft-07/schema#","title":"PaymentRequested","type":"object",
         "properties":{"orderId":{"type":"string"},"amount":{"type":"number"}},"required":["orderId","amount"]}
        """;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("stormline-wire-");
    private StormlineKafka _kafka = null!;
    private SqliteEventStore _store = null!;

    public async ValueTask InitializeAsync()
    {
        var options = new StormlineKafkaOptions { UseEnvironment = false, WithSchemaRegistry = true };
        options.Topics.Add(new TopicSpec(Topic, 1));
        _kafka = await StormlineKafka.StartAsync(options);
        _store = await SqliteEventStore.Open(Path.Combine(_folder.FullName, "orders.db"));
        await _store.InTransaction((tx, ct) => SqlCommands.Execute(tx, "CREATE TABLE effects (order_id TEXT NOT NULL)", ct), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _kafka.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }


    private Task Append(string orderId) => _store.AppendToStream(
        StreamName.For("Order", orderId),
        ExpectedVersion.NoStream,
        [new EventData(Guid.NewGuid(), "PaymentRequested", $$"""{"orderId":"{{orderId}}","amount":10.5}""", EventMetadata.Now("corr"))],
        CancellationToken.None);

    private const string PaymentAvroSchema = """
        {"type":"record","name":"PaymentRequested","namespace":"shop.payment","fields":[
          {"name":"orderId","type":"string"},
          {"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":18,"scale":4}},
          {"name":"note","type":["null","string"],"default":null}]}
        """;

    private OutboxRelay Relay(IProducer<string, byte[]> producer, ISchemaRegistryClient registry, IPayloadEncoder? encoder = null) =>
        new(_store, producer, new OutboxRelayOptions { Topic = _ => Topic, Source = "/shop/orders", Encoder = encoder ?? new RegistryJsonEncoder(registry) });

    private async Task<long> HandleAll(IProducer<string, byte[]> producer, IPayloadDecoder decoder)
    {
        var serializer = new EventSerializer(new EventTypeRegistry().Register<PaymentRequested>("PaymentRequested"));
        var consumer = new EventConsumer(_store, serializer, EventConsumer.ConsumerConfig(_kafka.BootstrapServers, "payments"), producer,
            new EventConsumerOptions { Topic = Topic, GroupId = "payments", Decoder = decoder },
            (consumed, tx, ct) => SqlCommands.Execute(tx, $"INSERT INTO effects (order_id) VALUES ('{((PaymentRequested)consumed.Event).OrderId}')", ct));
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => consumer.Run(stop.Token));
        await _kafka.WaitForGroupLagAsync("payments", 0, TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await running;
        return await _store.InTransaction((tx, ct) => SqlCommands.Count(tx, "SELECT COUNT(*) FROM effects", ct), CancellationToken.None);
    }

    [Fact]
    public async Task Avro_in_the_wire_format_is_read_by_confluents_avro_deserializer_and_by_stormlines_consumer()
    {
        using var registry = _kafka.CreateSchemaRegistryClient();
        await registry.RegisterSchemaAsync(RegistryJsonEncoder.Subject(Topic, "PaymentRequested"), new Schema(PaymentAvroSchema, SchemaType.Avro));
        await Append("o-1");
        await Append("o-2");
        using var producer = OutboxRelay.CreateProducer(_kafka.BootstrapServers);

        Assert.Equal(2, await Relay(producer, registry, new RegistryAvroEncoder(registry)).PublishPending(CancellationToken.None));

        using var confluent = new ConsumerBuilder<string, Avro.Generic.GenericRecord>(new ConsumerConfig
        {
            BootstrapServers = _kafka.BootstrapServers,
            GroupId = "confluent-avro-reader",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).SetValueDeserializer(new AvroDeserializer<Avro.Generic.GenericRecord>(registry).AsSyncOverAsync()).Build();
        confluent.Subscribe(Topic);
        var read = new List<(string OrderId, string Amount, object? Note)>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (read.Count < 2 && DateTime.UtcNow < deadline)
        {
            if (confluent.Consume(TimeSpan.FromMilliseconds(100)) is { Message: not null } result)
            {
                var record = result.Message.Value;
                read.Add(((string)record["orderId"], ((Avro.AvroDecimal)record["amount"]).ToString(null, System.Globalization.CultureInfo.InvariantCulture), record["note"]));
            }
        }

        confluent.Close();
        Assert.Equal([("o-1", "10.5000", null), ("o-2", "10.5000", null)], read);
        Assert.Equal(2, await HandleAll(producer, new RegistryPayloadDecoder(registry)));
    }

    [Fact]
    public async Task An_event_that_does_not_fit_its_avro_schema_stays_pending_until_a_version_it_fits_is_registered()
    {
        using var registry = _kafka.CreateSchemaRegistryClient();
        var mismatched = PaymentAvroSchema.Replace("{\"name\":\"orderId\",\"type\":\"string\"}", "{\"name\":\"orderId\",\"type\":\"long\"}", StringComparison.Ordinal);
        Assert.NotEqual(PaymentAvroSchema, mismatched);
        await registry.RegisterSchemaAsync(RegistryJsonEncoder.Subject(Topic, "PaymentRequested"), new Schema(mismatched, SchemaType.Avro));
        await Append("o-1");
        using var producer = OutboxRelay.CreateProducer(_kafka.BootstrapServers);

        var encoder = new RegistryAvroEncoder(registry);
        var relay = Relay(producer, registry, encoder);
        var held = await Assert.ThrowsAsync<OutboxHeldException>(() => relay.PublishPending(CancellationToken.None));
        Assert.IsType<FormatException>(held.InnerException);
        Assert.Single(await _store.ReadPending(10, CancellationToken.None));

        // A version the event fits, registered later, is picked up by the same encoder: the schema it did not fit was not kept.
        await registry.UpdateCompatibilityAsync(Compatibility.None, RegistryJsonEncoder.Subject(Topic, "PaymentRequested"));
        var fitting = await registry.RegisterSchemaAsync(RegistryJsonEncoder.Subject(Topic, "PaymentRequested"), new Schema(PaymentAvroSchema, SchemaType.Avro));
        Assert.Equal(1, await relay.PublishPending(CancellationToken.None));
        Assert.Empty(await _store.ReadPending(10, CancellationToken.None));
        Assert.True(ConfluentWireFormat.TryUnframe(Assert.Single(TopicReader.Read(_kafka.BootstrapServers, Topic, 1)).Message.Value, out var id, out _));
        Assert.Equal(fitting, id);
    }

    [Fact]
    public async Task Confluents_deserializer_and_stormlines_consumer_both_read_what_the_relay_publishes()
    {
        using var registry = _kafka.CreateSchemaRegistryClient();
        var schemaId = await registry.RegisterSchemaAsync(RegistryJsonEncoder.Subject(Topic, "PaymentRequested"), new Schema(PaymentSchema, SchemaType.Json));
        await Append("o-1");
        await Append("o-2");
        using var producer = OutboxRelay.CreateProducer(_kafka.BootstrapServers);

        Assert.Equal(2, await Relay(producer, registry).PublishPending(CancellationToken.None));

        // Confluent's deserializer checks the magic byte, fetches the writer schema by id and validates the payload.
        using var confluent = new ConsumerBuilder<string, PaymentRequestedDto>(new ConsumerConfig
        {
            BootstrapServers = _kafka.BootstrapServers,
            GroupId = "confluent-reader",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).SetValueDeserializer(new JsonDeserializer<PaymentRequestedDto>(registry).AsSyncOverAsync()).Build();
        confluent.Subscribe(Topic);
        var read = new List<(string OrderId, decimal Amount)>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (read.Count < 2 && DateTime.UtcNow < deadline)
        {
            if (confluent.Consume(TimeSpan.FromMilliseconds(100)) is { Message: not null } result)
            {
                read.Add((result.Message.Value.OrderId, result.Message.Value.Amount));
            }
        }

        confluent.Close();
        Assert.Equal([("o-1", 10.5m), ("o-2", 10.5m)], read);
        var framed = _kafka.ConsumeUntilIdle(Topic, TimeSpan.FromMilliseconds(300));
        Assert.All(framed, r => Assert.Equal(schemaId, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(System.Text.Encoding.Latin1.GetBytes(r.Value!)[1..5])));

        // Stormline's consumer unframes the same records.
        Assert.Equal(2, await HandleAll(producer, JsonPayloadDecoder.Instance));
    }

    /// <summary>How a Confluent user's class reads the event (Newtonsoft names, as Confluent's JSON serdes use).</summary>
    public sealed class PaymentRequestedDto
    {
        [Newtonsoft.Json.JsonProperty("orderId")]
        public string OrderId { get; set; } = "";

        [Newtonsoft.Json.JsonProperty("amount")]
        public decimal Amount { get; set; }
    }

    [Fact]
    public async Task The_running_relay_holds_an_event_without_a_schema_and_publishes_it_once_the_schema_is_registered()
    {
        using var registry = _kafka.CreateSchemaRegistryClient();
        await Append("o-1");
        await Append("o-2");
        using var producer = OutboxRelay.CreateProducer(_kafka.BootstrapServers);
        var relay = new OutboxRelay(_store, producer, new OutboxRelayOptions
        {
            Topic = _ => Topic, Source = "/shop/orders", Encoder = new RegistryAvroEncoder(registry), RetryInterval = TimeSpan.FromMilliseconds(100),
        });
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => relay.Run(stop.Token));

        // Held, and saying why: nothing on the topic, both rows pending, the subject named.
        await Eventually.True(() => Task.FromResult(relay.LastError is not null), "the relay to report the missing schema");
        var missing = Assert.IsType<SchemaNotRegisteredException>(Assert.IsType<OutboxHeldException>(relay.LastError).InnerException);
        Assert.Equal("payment-requests-PaymentRequested", missing.Subject);
        Assert.NotNull(relay.FailingSince);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Empty(_kafka.ConsumeUntilIdle(Topic, TimeSpan.FromMilliseconds(200)));
        Assert.Equal(2, (await _store.ReadPending(10, CancellationToken.None)).Count);

        var id = await registry.RegisterSchemaAsync(RegistryJsonEncoder.Subject(Topic, "PaymentRequested"), new Schema(PaymentAvroSchema, SchemaType.Avro));

        await Eventually.True(async () => (await _store.ReadPending(10, CancellationToken.None)).Count == 0, "the held rows to be published");
        var published = TopicReader.Read(_kafka.BootstrapServers, Topic, 2);
        Assert.Equal(["o-1", "o-2"], published.Select(r => r.Message.Key));
        Assert.All(published, r =>
        {
            Assert.True(ConfluentWireFormat.TryUnframe(r.Message.Value, out var schemaId, out _));
            Assert.Equal(id, schemaId);
        });
        Assert.Null(relay.LastError);
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task An_event_without_a_registered_schema_is_not_published_and_stays_pending_with_a_clear_error()
    {
        using var registry = _kafka.CreateSchemaRegistryClient();
        await Append("o-1");
        using var producer = OutboxRelay.CreateProducer(_kafka.BootstrapServers);

        var held = await Assert.ThrowsAsync<OutboxHeldException>(() => Relay(producer, registry).PublishPending(CancellationToken.None));
        var error = Assert.IsType<SchemaNotRegisteredException>(held.InnerException);
        Assert.Equal("payment-requests-PaymentRequested", error.Subject);
        Assert.Equal(0, held.Published);

        Assert.Contains("'payment-requests-PaymentRequested'", error.Message, StringComparison.Ordinal);
        Assert.Contains("stormline schema register", error.Message, StringComparison.Ordinal);
        Assert.Single(await _store.ReadPending(10, CancellationToken.None));
    }
}
