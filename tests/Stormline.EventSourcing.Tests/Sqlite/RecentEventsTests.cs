using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Stormline.EventSourcing.PersonalData;
using Stormline.EventSourcing.Serialization;
using Stormline.EventSourcing.Sqlite;
using Stormline.EventSourcing.Streams;
using Stormline.EventSourcing.Tests.Sample;

namespace Stormline.EventSourcing.Tests.Sqlite;

/// <summary>
/// The SQLite store answers reads of the whole log from the events it committed last: the answers must be those the
/// file gives, and a read must never miss what the file holds.
/// </summary>
public sealed class RecentEventsTests : IAsyncDisposable
{
    private readonly SqliteTestFile _file = new("stormline-recent-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<SqliteEventStore> Open() => _file.Open();

    private static EventData Event(int n) =>
        new(Guid.NewGuid(), "OrderCreated", $"{{\"orderId\":\"o-{n}\",\"note\":\"주문이 생성되었다\"}}", new EventMetadata($"corr-{n}", $"cause-{n}", DateTimeOffset.UtcNow, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));

    private async Task AppendInUnits(SqliteEventStore store, int from, int count)
    {
        for (var n = from; n < from + count; n++)
        {
            await using var unit = await store.BeginTransaction(Ct);
            await store.AppendToStream(StreamName.For("Order", n.ToString(System.Globalization.CultureInfo.InvariantCulture)), ExpectedVersion.NoStream, [Event(n), Event(n)], unit.Transaction, Ct);
            await unit.Commit(Ct);
        }
    }

    private Task Execute(string sql) => _file.Execute(sql);

    [Fact]
    public async Task ReadsFromMemoryEqualReadsFromTheFile()
    {
        var writer = await Open();
        await AppendInUnits(writer, 0, 50);
        await Task.WhenAll(Enumerable.Range(50, 50).Select(n => writer.AppendToStream(StreamName.For("Order", $"{n}"), ExpectedVersion.NoStream, [Event(n)], Ct)));

        var fromFile = await (await Open()).ReadAll(0, 1000, Ct);
        Assert.Equal(150, fromFile.Count);
        Assert.Equal(fromFile, await writer.ReadAll(1, 1000, Ct));
        Assert.Equal(fromFile.Skip(37).Take(20), await writer.ReadAll(fromFile[37].GlobalPosition, 20, Ct));
    }

    [Fact]
    public async Task PersonalDataIsRememberedOpenAndForgottenWithItsKey()
    {
        var customers = new EventSerializer(new EventTypeRegistry().Register<CustomerRegistered>("CustomerRegistered"));
        async Task<SqliteEventStore> Protected()
        {
            var store = await Open();
            store.PersonalData = new PersonalDataProtection(PersonalDataMap.From(customers.Registry, customers.Options), store);
            return store;
        }
        EventData Customer(int n) => customers.Serialize(new CustomerRegistered($"c-{n}", $"c-{n}@example.com",
            new CustomerAddress($"{n} Main Street", "010-1234", "Seoul"), [], DateTimeOffset.UnixEpoch), new EventMetadata(null, null, DateTimeOffset.UnixEpoch));

        var writer = await Protected();
        // Lone appends waiting together share one group commit, which seals the whole group before writing it.
        await Task.WhenAll(Enumerable.Range(0, 40).Select(n => writer.AppendToStream(StreamName.For("Customer", $"{n}"), ExpectedVersion.NoStream, [Customer(n)], Ct)));
        await using (var unit = await writer.BeginTransaction(Ct))
        {
            await writer.AppendToStream(StreamName.For("Customer", "40"), ExpectedVersion.NoStream, [Customer(40)], unit.Transaction, Ct);
            await unit.Commit(Ct);
        }

        var remembered = await writer.ReadAll(1, 100, Ct);
        var fromFile = await (await Protected()).ReadAll(1, 100, Ct);
        Assert.Equal(41, remembered.Count);
        Assert.Equal(fromFile.Select(e => e.EventId), remembered.Select(e => e.EventId));
        Assert.All(remembered.Zip(fromFile), pair => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(pair.First.Data), JsonNode.Parse(pair.Second.Data)), pair.First.Data));
        Assert.Contains("c-7@example.com", remembered[7].Data, StringComparison.Ordinal);

        await writer.Forget("c-7", null, Ct);
        var afterErasure = await writer.ReadAll(1, 100, Ct);
        Assert.DoesNotContain(afterErasure, e => e.Data.Contains("c-7@example.com", StringComparison.Ordinal));
        Assert.Contains(afterErasure, e => e.Data.Contains("c-8@example.com", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheServicesOwnReadsSkipTheFile()
    {
        var writer = await Open();
        await AppendInUnits(writer, 0, 3);
        await Execute("UPDATE events SET data = '{\"changed\":true}'");

        // Events never change once stored; the change here only shows which reads touched the file. A tailer asks for
        // the position after its checkpoint; position 0 comes before any event, so the file answers that read.
        Assert.All(await writer.ReadAll(1, 10, Ct), e => Assert.StartsWith("{\"orderId\"", e.Data, StringComparison.Ordinal));
        Assert.All(await (await Open()).ReadAll(1, 10, Ct), e => Assert.Equal("{\"changed\":true}", e.Data));
        Assert.All(await writer.ReadAll(0, 10, Ct), e => Assert.Equal("{\"changed\":true}", e.Data));
    }

    [Fact]
    public async Task TheRelayGetsRememberedEventsOnlyWhenItHoldsEveryPendingOne()
    {
        var writer = await Open();
        await AppendInUnits(writer, 0, 2);
        await Execute("UPDATE events SET data = '{\"changed\":true}'");
        Assert.All(await writer.ReadPending(10, Ct), m => Assert.StartsWith("{\"orderId\"", m.Event.Data, StringComparison.Ordinal));

        await AppendInUnits(await Open(), 2, 1); // pending too, but only in the file
        var pending = await writer.ReadPending(10, Ct);
        Assert.Equal(Enumerable.Range(1, 6).Select(p => (long)p), pending.Select(m => m.Id));
        Assert.All(pending.Take(4), m => Assert.Equal("{\"changed\":true}", m.Event.Data));
    }

    [Fact]
    public async Task AnotherProcesssAppendIsNotHiddenBehindRememberedEvents()
    {
        var writer = await Open();
        var other = await Open();
        await AppendInUnits(writer, 0, 2);   // positions 1-4, remembered by writer
        await AppendInUnits(other, 2, 1);    // 5-6, written by another store on the same file
        await AppendInUnits(writer, 3, 1);   // 7-8, remembered by writer

        var all = await writer.ReadAll(1, 100, Ct);
        Assert.Equal(Enumerable.Range(1, 8).Select(p => (long)p), all.Select(e => e.GlobalPosition));
        Assert.Equal(await other.ReadAll(0, 100, Ct), all);
    }

    [Fact]
    public async Task ARolledBackAppendIsNeverServed()
    {
        var writer = await Open();
        await using (var unit = await writer.BeginTransaction(Ct))
        {
            await writer.AppendToStream(StreamName.For("Order", "gone"), ExpectedVersion.NoStream, [Event(1)], unit.Transaction, Ct);
        }

        await AppendInUnits(writer, 2, 1); // takes the rolled-back append's position
        var all = await writer.ReadAll(1, 10, Ct);
        Assert.Equal(2, all.Count);
        Assert.All(all, e => Assert.Equal(StreamName.For("Order", "2"), e.Stream));
        Assert.Equal(await (await Open()).ReadAll(0, 10, Ct), all);
    }

    public ValueTask DisposeAsync() => _file.DisposeAsync();
}
