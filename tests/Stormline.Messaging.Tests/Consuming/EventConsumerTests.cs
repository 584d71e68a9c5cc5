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
using Stormline.Messaging.Tests.Infrastructure;

namespace Stormline.Messaging.Tests.Consuming;

public sealed class EventConsumerTests(BrokerFixture broker) : IClassFixture<BrokerFixture>, IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("stormline-consumer-");
    private readonly string _topic = "order-events-" + Guid.NewGuid().ToString("N")[..8];
    private readonly EventSerializer _serializer = new(new EventTypeRegistry().Register<PaymentRequested>("PaymentRequested"));
    private SqliteEventStore _store = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = await SqliteEventStore.Open(Path.Combine(_folder.FullName, "payments.db"), cancellationToken: Ct);
        await _store.InTransaction((tx, ct) => SqlCommands.Execute(tx, "CREATE TABLE effects (event_id TEXT NOT NULL, order_id TEXT NOT NULL)", ct), Ct);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }


    private Task<long> Effects() => _store.InTransaction((tx, ct) => SqlCommands.Count(tx, "SELECT COUNT(*) FROM effects", ct), Ct);

    /// <summary>Records the effect; throws for order "bad", as a handler with a poison input would.</summary>
    private static Task Handle(ConsumedEvent consumed, DbTransaction tx, CancellationToken ct)
    {
        var payment = (PaymentRequested)consumed.Event;
        if (payment.OrderId == "bad") throw new InvalidOperationException("payment gateway rejected order bad");
        return SqlCommands.Execute(tx, $"INSERT INTO effects (event_id, order_id) VALUES ('{consumed.EventId}', '{payment.OrderId}')", ct);
    }

    private async Task Produce(IProducer<string, byte[]> producer, string orderId, string type, string data, Guid? eventId = null)
    {
        var stored = new StreamEvent(eventId ?? Guid.NewGuid(), StreamName.For("Order", orderId), 0, 1, type, data, EventMetadata.Now("corr"), DateTimeOffset.UtcNow);
        await producer.ProduceAsync(_topic, new Message<string, byte[]> { Key = orderId, Value = Encoding.UTF8.GetBytes(data), Headers = MessageHeaders.For(stored, "/test") }, Ct);
    }

    private async Task WithConsumer(Func<IProducer<string, byte[]>, Task> scenario)
    {
        using var producer = OutboxRelay.CreateProducer(broker.BootstrapServers);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var options = new EventConsumerOptions { Topic = _topic, GroupId = "payments", MaxRetries = 2, InitialBackoff = TimeSpan.FromMilliseconds(20) };
        var consumer = new EventConsumer(_store, _serializer, EventConsumer.ConsumerConfig(broker.BootstrapServers, "payments-" + _topic), producer, options, Handle);
        var running = Task.Run(() => consumer.Run(cts.Token), Ct);
        try
        {
            await scenario(producer);
        }
        finally
        {
            await cts.CancelAsync();
            await running;
        }
    }

    [Fact]
    public async Task ARedeliveredEventHasItsEffectOnce()
    {
        var id = Guid.NewGuid();
        await WithConsumer(async producer =>
        {
            await Produce(producer, "1", "PaymentRequested", """{"orderId":"1","amount":10}""", id);
            await Produce(producer, "1", "PaymentRequested", """{"orderId":"1","amount":10}""", id); // at-least-once delivery
            await Produce(producer, "2", "PaymentRequested", """{"orderId":"2","amount":20}""");
            await Eventually.True(async () => await Effects() >= 2, "both events handled");
            await Task.Delay(300, Ct); // room for a wrong second effect to show up
        });

        Assert.Equal(2, await Effects());
        Assert.True(await _store.HasSeen("payments", id, Ct));
    }

    [Fact]
    public async Task AMessageThatKeepsFailingGoesToTheDeadLetterTopicAndThePartitionKeepsFlowing()
    {
        await WithConsumer(async producer =>
        {
            await Produce(producer, "bad", "PaymentRequested", """{"orderId":"bad","amount":1}""");
            await Produce(producer, "3", "PaymentRequested", """{"orderId":"3","amount":3}""");
            await Eventually.True(async () => await Effects() == 1, "the message after the poison one handled");
        });

        var dead = Assert.Single(TopicReader.Read(broker.BootstrapServers, _topic + ".dlq", 1));
        Assert.Equal("bad", dead.Message.Key);
        Assert.Equal("payment gateway rejected order bad", MessageHeaders.Get(dead.Message.Headers, DeadLetterHeaders.Error));
        Assert.Equal(typeof(InvalidOperationException).FullName, MessageHeaders.Get(dead.Message.Headers, DeadLetterHeaders.ExceptionType));
        Assert.Equal(_topic, MessageHeaders.Get(dead.Message.Headers, DeadLetterHeaders.OriginalTopic));
        Assert.Equal("0", MessageHeaders.Get(dead.Message.Headers, DeadLetterHeaders.OriginalPartition));
        Assert.Equal("0", MessageHeaders.Get(dead.Message.Headers, DeadLetterHeaders.OriginalOffset));
        Assert.Equal("PaymentRequested", MessageHeaders.Get(dead.Message.Headers, MessageHeaders.EventType));
    }

    [Fact]
    public async Task AMessageThatCannotBeDeserializedGoesToTheDeadLetterTopicAtOnce()
    {
        await WithConsumer(async producer =>
        {
            await Produce(producer, "4", "PaymentTeleported", "{}");
            await Produce(producer, "5", "PaymentRequested", "{corrupt");
            await Produce(producer, "6", "PaymentRequested", """{"orderId":"6","amount":6}""");
            await Eventually.True(async () => await Effects() == 1, "the valid message handled");
        });

        var dead = TopicReader.Read(broker.BootstrapServers, _topic + ".dlq", 2);
        Assert.Equal(["4", "5"], dead.Select(d => d.Message.Key));
        Assert.Equal(
            [typeof(UnknownEventTypeException).FullName, typeof(EventDeserializationException).FullName],
            dead.Select(d => MessageHeaders.Get(d.Message.Headers, DeadLetterHeaders.ExceptionType)));
    }
}
