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
using Stormline.Messaging.Projections;
using Stormline.Messaging.Tests.Consuming;
using Stormline.Messaging.Tests.Infrastructure;

namespace Stormline.Messaging.Tests.Projections;

public sealed class KafkaProjectionRunnerTests(BrokerFixture broker) : IClassFixture<BrokerFixture>, IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("stormline-kafka-projection-");
    private readonly string _topic = "payment-events-" + Guid.NewGuid().ToString("N")[..8];
    private readonly EventSerializer _serializer = new(new EventTypeRegistry().Register<PaymentRequested>("PaymentRequested"));
    private SqliteEventStore _readSide = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _readSide = await SqliteEventStore.Open(Path.Combine(_folder.FullName, "read.db"), cancellationToken: Ct);
        await _readSide.InTransaction((tx, ct) => SqlCommands.Execute(tx, "CREATE TABLE totals (order_id TEXT PRIMARY KEY, amount REAL NOT NULL)", ct), Ct);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }


    private static Task Apply(ConsumedEvent consumed, DbTransaction tx, CancellationToken ct)
    {
        var payment = (PaymentRequested)consumed.Event;
        return SqlCommands.Execute(tx, $"INSERT INTO totals (order_id, amount) VALUES ('{payment.OrderId}', {payment.Amount}) " +
            $"ON CONFLICT (order_id) DO UPDATE SET amount = amount + excluded.amount", ct);
    }

    private KafkaProjectionRunner Runner() => new(_readSide, _serializer, broker.BootstrapServers, _topic, "totals", Apply,
        (tx, ct) => SqlCommands.Execute(tx, "DELETE FROM totals", ct));

    private Task<double> Total() => _readSide.InTransaction(async (tx, ct) =>
    {
        await using var command = tx.Connection!.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT COALESCE(SUM(amount), 0) FROM totals";
        return Convert.ToDouble(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }, Ct);

    private async Task Produce(params (string OrderId, int Amount)[] payments)
    {
        using var producer = OutboxRelay.CreateProducer(broker.BootstrapServers);
        foreach (var (orderId, amount) in payments)
        {
            var data = $$"""{"orderId":"{{orderId}}","amount":{{amount}}}""";
            var stored = new StreamEvent(Guid.NewGuid(), StreamName.For("Payment", orderId), 0, 1, "PaymentRequested", data, EventMetadata.Now(), DateTimeOffset.UtcNow);
            await producer.ProduceAsync(_topic, new Message<string, byte[]> { Key = orderId, Value = Encoding.UTF8.GetBytes(data), Headers = MessageHeaders.For(stored, "/test") }, Ct);
        }
    }

    [Fact]
    public async Task CatchesUpFromItsStoredCheckpointAndReportsLag()
    {
        await Produce(("1", 10), ("2", 20), ("1", 5));
        Assert.Equal(3, await Runner().Lag(Ct));

        Assert.Equal(3, await Runner().CatchUp(Ct));
        Assert.Equal(35, await Total());
        Assert.Equal(0, await Runner().Lag(Ct));
        Assert.Equal(2, (await _readSide.GetCheckpoint($"totals:{_topic}:0", Ct)).Position);

        await Produce(("3", 1), ("2", 2));
        Assert.Equal(2, await Runner().Lag(Ct));
        Assert.Equal(2, await Runner().CatchUp(Ct)); // a new runner resumes after offset 2, applying nothing twice
        Assert.Equal(38, await Total());
    }

    [Fact]
    public async Task RebuildReplaysTheTopicFromTheStart()
    {
        await Produce(("1", 10), ("2", 20));
        await Runner().CatchUp(Ct);
        await _readSide.InTransaction((tx, ct) => SqlCommands.Execute(tx, "UPDATE totals SET amount = 999", ct), Ct);

        Assert.Equal(2, await Runner().Rebuild(Ct));
        Assert.Equal(30, await Total());
    }

    [Fact]
    public async Task AnUnknownEventTypeStopsTheProjectionWithATypedError()
    {
        using (var producer = OutboxRelay.CreateProducer(broker.BootstrapServers))
        {
            var stored = new StreamEvent(Guid.NewGuid(), StreamName.For("Payment", "9"), 0, 1, "PaymentTeleported", "{}", EventMetadata.Now(), DateTimeOffset.UtcNow);
            await producer.ProduceAsync(_topic, new Message<string, byte[]> { Key = "9", Value = "{}"u8.ToArray(), Headers = MessageHeaders.For(stored, "/test") }, Ct);
        }

        await Assert.ThrowsAsync<UnknownEventTypeException>(() => Runner().CatchUp(Ct));
        Assert.Null((await _readSide.GetCheckpoint($"totals:{_topic}:0", Ct)).Position);
    }
}
