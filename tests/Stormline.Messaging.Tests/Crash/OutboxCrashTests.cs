using System.Data.Common;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Stormline.EventSourcing.Serialization;
using Stormline.EventSourcing.Sqlite;
using Stormline.Messaging.Consuming;
using Stormline.Messaging.CrashHost;
using Stormline.Messaging.Headers;
using Stormline.Messaging.Outbox;
using Stormline.Messaging.Tests.Infrastructure;

namespace Stormline.Messaging.Tests.Crash;

/// <summary>
/// Outbox → embedded broker → consumer with inbox, with the appending service SIGKILLed twice: once after its appends
/// committed but before anything was published, once after the broker acknowledged a batch but before the rows were
/// marked sent (so that batch is published again). Every event must still arrive, in stream order per key, and the
/// consumer must apply each effect exactly once.
/// </summary>
public sealed class OutboxCrashTests(BrokerFixture broker) : IClassFixture<BrokerFixture>, IDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("stormline-outbox-crash-");
    private readonly string _topic = "crash-orders-" + Guid.NewGuid().ToString("N")[..8];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryEventArrivesInStreamOrderAndTakesEffectOnceAfterKillsBetweenAppendAndPublishAndMidPublish()
    {
        var database = Path.Combine(_folder.FullName, "orders.db");
        const int total = 50;

        // 1. Appends 0..19 commit, then the process dies before its relay publishes anything.
        using (var host = CrashHostProcess.Start(database, broker.BootstrapServers, _topic, 0, 20, StopPoint.BeforePublish))
        {
            await host.WaitFor("stopped before publish", StepTimeout);
            host.Kill();
        }

        // 2. A restart appends 20..39 and publishes all 40 pending rows; the broker has them, the process dies before marking them sent.
        using (var host = CrashHostProcess.Start(database, broker.BootstrapServers, _topic, 20, 20, StopPoint.BeforeMarkSent))
        {
            await host.WaitFor("delivered", StepTimeout);
            host.Kill();
        }
        var afterSecondKill = TopicReader.Read(broker.BootstrapServers, _topic, 40);
        Assert.Equal(40, afterSecondKill.Count);

        // 3. A restart appends 40..49 and publishes everything still unmarked (0..49) to the end.
        using (var host = CrashHostProcess.Start(database, broker.BootstrapServers, _topic, 40, 10, StopPoint.None))
            Assert.Equal(0, await host.WaitForExit(StepTimeout));

        // Through Confluent.Kafka: 40 + 50 records, every event id at least once, per key in stream order.
        var records = TopicReader.Read(broker.BootstrapServers, _topic, 90);
        Assert.Equal(90, records.Count);
        var ids = records.Select(r => Guid.Parse(MessageHeaders.Get(r.Message.Headers, MessageHeaders.EventId)!)).ToList();
        Assert.Equal(Enumerable.Range(0, total).Select(CrashEvents.IdOf).Order(), ids.Distinct().Order());
        foreach (var key in records.GroupBy(r => r.Message.Key))
        {
            // per key: the stream's first 40 events as the killed relay sent them, then all 50 as its successor resent them
            IEnumerable<int> Stream(int count) => Enumerable.Range(0, count).Where(s => CrashEvents.OrderOf(s) == key.Key);
            Assert.Equal(Stream(40).Concat(Stream(total)), key.Select(r => Seq(r.Message.Value)));
        }

        // A consumer with the inbox applies each of the 50 events once, though 90 were delivered.
        var effects = await ConsumeWithInbox(total);
        Assert.Equal(Enumerable.Range(0, total), effects.Order());
    }

    private static int Seq(byte[] value) => JsonDocument.Parse(Encoding.UTF8.GetString(value)).RootElement.GetProperty("seq").GetInt32();

    /// <summary>Runs an EventConsumer until <paramref name="expected"/> effects exist and no more arrive; returns the effect rows' seq values.</summary>
    private async Task<List<int>> ConsumeWithInbox(int expected)
    {
        var store = await SqliteEventStore.Open(Path.Combine(_folder.FullName, "consumer.db"), cancellationToken: Ct);
        await store.InTransaction((tx, ct) => SqlCommands.Execute(tx, "CREATE TABLE effects (event_id TEXT NOT NULL, seq INTEGER NOT NULL)", ct), Ct);
        var serializer = new EventSerializer(new EventTypeRegistry().Register<ItemAdded>(CrashEvents.Type));
        var handled = 0;
        Task Handle(ConsumedEvent consumed, DbTransaction tx, CancellationToken ct)
        {
            Interlocked.Increment(ref handled);
            return SqlCommands.Execute(tx, $"INSERT INTO effects (event_id, seq) VALUES ('{consumed.EventId}', {((ItemAdded)consumed.Event).Seq})", ct);
        }

        using var producer = OutboxRelay.CreateProducer(broker.BootstrapServers);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var options = new EventConsumerOptions { Topic = _topic, GroupId = "crash-consumer", MaxRetries = 1, InitialBackoff = TimeSpan.FromMilliseconds(20) };
        var consumer = new EventConsumer(store, serializer, EventConsumer.ConsumerConfig(broker.BootstrapServers, "crash-consumer-" + _topic), producer, options, Handle);
        var running = Task.Run(() => consumer.Run(cts.Token), Ct);
        try
        {
            await Eventually.True(async () => (await Effects(store)).Count >= expected, $"{expected} effects");
            // every delivered record is offered to the handler path (the inbox drops the 40 repeats); wait for the
            // consumer's committed position to reach the end of the topic so a late double effect would show
            await Eventually.True(() => Task.FromResult(CommittedOffset("crash-consumer-" + _topic) >= 90), "the consumer committed all 90 records");
        }
        finally
        {
            await cts.CancelAsync();
            await running;
        }
        return await Effects(store);
    }

    private long CommittedOffset(string group)
    {
        using var admin = new Confluent.Kafka.ConsumerBuilder<string, byte[]>(EventConsumer.ConsumerConfig(broker.BootstrapServers, group)).Build();
        var committed = admin.Committed([new Confluent.Kafka.TopicPartition(_topic, 0)], TimeSpan.FromSeconds(5));
        return committed[0].Offset.Value;
    }

    private static Task<List<int>> Effects(SqliteEventStore store) => store.InTransaction(async (tx, ct) =>
    {
        await using var command = tx.Connection!.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT seq FROM effects";
        var seqs = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) seqs.Add(reader.GetInt32(0));
        return seqs;
    }, Ct);


    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
