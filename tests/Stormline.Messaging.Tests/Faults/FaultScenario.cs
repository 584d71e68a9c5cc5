using System.Data.Common;
using System.Text;
using Confluent.Kafka;
using Microsoft.Data.Sqlite;
using Stormline.EventSourcing.Serialization;
using Stormline.EventSourcing.Sqlite;
using Stormline.EventSourcing.Streams;
using Stormline.Messaging.Consuming;
using Stormline.Messaging.Headers;
using Stormline.Messaging.Outbox;
using Stormline.Messaging.Tests.Consuming;
using Stormline.Testing;

using Stormline.Messaging.Tests.Infrastructure;

namespace Stormline.Messaging.Tests.Faults;

/// <summary>
/// One test's world for the fault scenarios: a kit of its own (faults are broker-wide), a SQLite store with an
/// "effects" table the handler writes in its inbox transaction, and helpers to run the consumer and the relay.
/// </summary>
internal sealed class FaultScenario : IAsyncDisposable
{
    public const string Topic = "payment-requests";
    public const string Group = "payments";

    private readonly DirectoryInfo _folder;

    private FaultScenario(StormlineKafka kafka, SqliteEventStore store, DirectoryInfo folder)
    {
        Kafka = kafka;
        Store = store;
        _folder = folder;
    }

    public StormlineKafka Kafka { get; }

    public SqliteEventStore Store { get; }

    /// <summary>Delay per handled message, so a fault can land in the middle of a batch.</summary>
    public TimeSpan HandlerDelay { get; init; }

    /// <summary>Asked at every attempt to handle an order: an exception to throw instead, or null to handle it.</summary>
    public Func<string, Exception?>? Failure { get; set; }

    public static async Task<FaultScenario> StartAsync(int partitions, TimeSpan handlerDelay = default)
    {
        var options = new StormlineKafkaOptions { UseEnvironment = false };
        options.Topics.Add(new TopicSpec(Topic, partitions));
        var kafka = await StormlineKafka.StartAsync(options);
        var folder = Directory.CreateTempSubdirectory("stormline-faults-");
        var store = await SqliteEventStore.Open(Path.Combine(folder.FullName, "payments.db"));
        await store.InTransaction((tx, ct) => SqlCommands.Execute(tx, "CREATE TABLE effects (event_id TEXT NOT NULL, order_id TEXT NOT NULL)", ct), CancellationToken.None);
        return new FaultScenario(kafka, store, folder) { HandlerDelay = handlerDelay };
    }

    public Task<long> Effects(string select = "COUNT(*)") => Store.InTransaction((tx, ct) => SqlCommands.Count(tx, $"SELECT {select} FROM effects", ct), CancellationToken.None);

    public Task<long> DistinctEffects() => Effects("COUNT(DISTINCT event_id)");

    /// <summary>Produces a PaymentRequested with the headers the outbox relay would put on it.</summary>
    public async Task ProduceRequest(IProducer<string, byte[]> producer, string orderId, Guid? eventId = null)
    {
        var data = $$"""{"orderId":"{{orderId}}","amount":10}""";
        var stored = new StreamEvent(eventId ?? Guid.NewGuid(), StreamName.For("Order", orderId), 0, 1, "PaymentRequested", data, EventMetadata.Now("corr"), DateTimeOffset.UtcNow);
        await producer.ProduceAsync(Topic, new Message<string, byte[]> { Key = orderId, Value = Encoding.UTF8.GetBytes(data), Headers = MessageHeaders.For(stored, "/test") });
    }

    /// <summary>Runs an <see cref="EventConsumer"/> in the background until the returned handle is disposed.</summary>
    public RunningConsumer StartConsumer(IProducer<string, byte[]> deadLetters)
    {
        var serializer = new EventSerializer(new EventTypeRegistry().Register<PaymentRequested>("PaymentRequested"));
        var config = EventConsumer.ConsumerConfig(Kafka.BootstrapServers, Group);
        config.HeartbeatIntervalMs = 300; // notice a rebalance promptly
        var options = new EventConsumerOptions { Topic = Topic, GroupId = Group, MaxRetries = 2, InitialBackoff = TimeSpan.FromMilliseconds(20) };
        var consumer = new EventConsumer(Store, serializer, config, deadLetters, options, Handle);
        var cts = new CancellationTokenSource();
        return new RunningConsumer(Task.Run(() => consumer.Run(cts.Token)), cts);
    }

    private async Task Handle(ConsumedEvent consumed, DbTransaction tx, CancellationToken ct)
    {
        if (HandlerDelay > TimeSpan.Zero)
        {
            await Task.Delay(HandlerDelay, ct);
        }

        var payment = (PaymentRequested)consumed.Event;
        if (Failure?.Invoke(payment.OrderId) is { } failure) throw failure;
        await SqlCommands.Execute(tx, $"INSERT INTO effects (event_id, order_id) VALUES ('{consumed.EventId}', '{payment.OrderId}')", ct);
    }


    public async ValueTask DisposeAsync()
    {
        await Kafka.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    /// <summary>A consumer loop running in the background; disposing stops it and surfaces any error it ended with.</summary>
    public sealed class RunningConsumer(Task running, CancellationTokenSource stop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await running;
            stop.Dispose();
        }
    }
}
