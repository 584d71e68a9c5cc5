using Stormline.EventSourcing.Outbox;
using System.Text;
using Microsoft.Data.Sqlite;
using Stormline.EventSourcing.Sqlite;
using Stormline.EventSourcing.Streams;
using Stormline.Messaging.Headers;
using Stormline.Messaging.Outbox;
using Stormline.Messaging.Tests.Infrastructure;

namespace Stormline.Messaging.Tests.Outbox;

public sealed class OutboxRelayTests(BrokerFixture broker) : IClassFixture<BrokerFixture>, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("stormline-relay-");
    private readonly string _topic = "order-events-" + Guid.NewGuid().ToString("N")[..8];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<SqliteEventStore> Store() => SqliteEventStore.Open(Path.Combine(_folder.FullName, "orders.db"), cancellationToken: Ct);

    private OutboxRelayOptions Options(string relayId) => new() { Topic = _ => _topic, Source = "/shop/orders", RelayId = relayId };

    private static EventData Event(string type, int n) =>
        new(Guid.NewGuid(), type, $$"""{"n":{{n}}}""", new EventMetadata("corr-" + n, "cause-" + n, DateTimeOffset.UtcNow));

    private static async Task Append(SqliteEventStore store, string orderId, params EventData[] events)
    {
        var stream = StreamName.For("Order", orderId);
        var last = (await store.GetStreamMetadata(stream, Ct))?.LastVersion ?? -1;
        await store.AppendToStream(stream, ExpectedVersion.From(last), events, Ct);
    }

    [Fact]
    public async Task PublishesEveryPendingEventInStreamOrderKeyedByAggregateIdWithHeaders()
    {
        var store = await Store();
        await Append(store, "1", Event("OrderCreated", 1), Event("OrderLineAdded", 2));
        await Append(store, "2", Event("OrderCreated", 3));
        await Append(store, "1", Event("OrderCancelled", 4));
        using var producer = OutboxRelay.CreateProducer(broker.BootstrapServers);

        Assert.Equal(4, await new OutboxRelay(store, producer, Options("relay-a")).PublishPending(Ct));

        var records = TopicReader.Read(broker.BootstrapServers, _topic, 4);
        Assert.Equal(["1", "1", "2", "1"], records.Select(r => r.Message.Key));
        Assert.Equal([1, 2, 3, 4], records.Select(r => int.Parse(Encoding.UTF8.GetString(r.Message.Value)[5..^1], System.Globalization.CultureInfo.InvariantCulture)));
        var first = records[0].Message.Headers;
        Assert.Equal("OrderCreated", MessageHeaders.Get(first, MessageHeaders.EventType));
        Assert.Equal("OrderCreated", MessageHeaders.Get(first, MessageHeaders.CeType));
        Assert.Equal("/shop/orders", MessageHeaders.Get(first, MessageHeaders.CeSource));
        Assert.Equal("1.0", MessageHeaders.Get(first, MessageHeaders.CeSpecVersion));
        Assert.Equal("corr-1", MessageHeaders.Get(first, MessageHeaders.CorrelationId));
        Assert.Equal("cause-1", MessageHeaders.Get(first, MessageHeaders.CausationId));
        Assert.Equal(MessageHeaders.Get(first, MessageHeaders.EventId), MessageHeaders.Get(first, MessageHeaders.CeId));
        Assert.NotNull(MessageHeaders.Get(first, MessageHeaders.CeTime));
        Assert.Empty(await store.ReadPending(100, Ct));
    }

    [Fact]
    public async Task EventsAppendedWhileNoRelayRunsArriveOnceAfterRestart()
    {
        var store = await Store();
        await Append(store, "1", Event("OrderCreated", 1));
        using (var producer = OutboxRelay.CreateProducer(broker.BootstrapServers))
        {
            var relay = new OutboxRelay(store, producer, Options("relay-a"));
            Assert.Equal(1, await relay.PublishPending(Ct));
            await store.ReleaseLease(IOutbox.RelayLease, "relay-a", Ct); // the relay stops
        }

        await Append(store, "1", Event("OrderLineAdded", 2), Event("OrderCancelled", 3)); // appended, not yet published

        var reopened = await Store(); // the service restarts with a new relay instance
        using var restarted = OutboxRelay.CreateProducer(broker.BootstrapServers);
        Assert.Equal(2, await new OutboxRelay(reopened, restarted, Options("relay-b")).PublishPending(Ct));

        var records = TopicReader.Read(broker.BootstrapServers, _topic, 3);
        Assert.Equal(3, records.Count);
        Assert.Equal(3, records.Select(r => MessageHeaders.Get(r.Message.Headers, MessageHeaders.EventId)).Distinct().Count());
    }

    [Fact]
    public async Task ASecondRelayPublishesNothingWhileTheFirstHoldsTheLease()
    {
        var store = await Store();
        await Append(store, "1", Event("OrderCreated", 1));
        using var producer = OutboxRelay.CreateProducer(broker.BootstrapServers);
        var first = new OutboxRelay(store, producer, Options("relay-a"));
        var second = new OutboxRelay(store, producer, Options("relay-b"));

        Assert.Equal(1, await first.PublishPending(Ct));
        await Append(store, "1", Event("OrderLineAdded", 2));
        Assert.Equal(0, await second.PublishPending(Ct));
        Assert.Equal(1, await first.PublishPending(Ct));

        Assert.Equal(2, TopicReader.Read(broker.BootstrapServers, _topic, 2).Count);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
