using Stormline.EventSourcing.Outbox;
using Stormline.EventSourcing.Sqlite;
using Stormline.EventSourcing.Streams;
using Stormline.Messaging.CrashHost;
using Stormline.Messaging.Outbox;

if (args.Length != 6 || !int.TryParse(args[3], out var first) || !int.TryParse(args[4], out var count) || !Enum.TryParse<StopPoint>(args[5], out var stop))
{
    Console.Error.WriteLine("usage: Stormline.Messaging.CrashHost <sqlite file> <bootstrap servers> <topic> <first seq> <count> <BeforePublish|BeforeMarkSent|None>");
    return 2;
}
var (database, bootstrap, topic) = (args[0], args[1], args[2]);

// Appends, one event per transaction, each with its outbox row (the store's default).
var store = await SqliteEventStore.Open(database);
for (var seq = first; seq < first + count; seq++)
{
    var stream = StreamName.For("Order", CrashEvents.OrderOf(seq));
    var last = (await store.GetStreamMetadata(stream, CancellationToken.None))?.LastVersion ?? -1;
    await store.AppendToStream(stream, ExpectedVersion.From(last), [CrashEvents.Event(seq)], CancellationToken.None);
}
Console.WriteLine($"appended {first}..{first + count - 1}");

if (stop == StopPoint.BeforePublish)
{
    Console.WriteLine("stopped before publish");
    await Task.Delay(Timeout.Infinite);
}

// The relay id is fixed, so a restarted host takes its crashed predecessor's lease over at once.
using var producer = OutboxRelay.CreateProducer(bootstrap);
IOutbox outbox = stop == StopPoint.BeforeMarkSent ? new StoppingOutbox(store) : store;
var relay = new OutboxRelay(outbox, producer, new OutboxRelayOptions { Topic = _ => topic, Source = "/crash-host", RelayId = "crash-host", BatchSize = 100 });
while (true)
{
    if (await relay.PublishPending(CancellationToken.None) > 0) continue;
    if ((await store.ReadPending(1, CancellationToken.None)).Count == 0) break;
    await Task.Delay(100); // a delivery failed: retry the rest in order
}
Console.WriteLine("drained");
return 0;
