using Microsoft.Data.Sqlite;
using Stormline.EventSourcing.Sqlite;
using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Tests.Sqlite;

/// <summary>
/// SQLite keeps event ids in RFC 9562 byte order, so time-ordered ids are appended at the end of the event id and
/// inbox indexes; a file written with .NET's default layout is turned over once, and reads and the inbox still agree.
/// </summary>
public sealed class EventIdOrderTests : IAsyncDisposable
{
    private readonly SqliteTestFile _file = new("stormline-event-ids-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Ids a millisecond apart, as a busy service makes them: their low timestamp byte differs every time.</summary>
    private static List<EventData> Events(int count)
    {
        var start = DateTimeOffset.UtcNow;
        return [.. Enumerable.Range(0, count).Select(n =>
            new EventData(Guid.CreateVersion7(start.AddMilliseconds(n)), "OrderCreated", $"{{\"orderId\":\"o-{n}\"}}", new EventMetadata($"corr-{n}", null, start)))];
    }

    [Fact]
    public async Task TimeOrderedIdsSortInAppendOrderInTheEventAndInboxIndexes()
    {
        var store = await _file.Open();
        var events = Events(300);
        for (var n = 0; n < events.Count; n += 30)
            await store.AppendToStream(StreamName.For("Order", $"{n}"), ExpectedVersion.NoStream, events.Skip(n).Take(30).ToList(), Ct);
        await using (var unit = await store.BeginTransaction(Ct))
        {
            Assert.Equal(300, (await store.RecordNew("payments", [.. events.Select(e => e.EventId)], unit.Transaction, Ct)).Count);
            await unit.Commit(Ct);
        }

        var byPosition = await _file.Column<byte[]>("SELECT event_id FROM events ORDER BY position");
        Assert.Equal(byPosition, await _file.Column<byte[]>("SELECT event_id FROM events ORDER BY event_id"), new BytesComparer());
        Assert.Equal(byPosition, await _file.Column<byte[]>("SELECT event_id FROM inbox ORDER BY consumer, event_id"), new BytesComparer());
        Assert.Equal(events.Select(e => e.EventId), (await store.ReadAll(0, 1000, Ct)).Select(e => e.EventId));
    }

    [Fact]
    public async Task IdsStoredInDotNetsLayoutAreTurnedOverOnce()
    {
        var store = await _file.Open();
        var events = Events(40);
        await store.AppendToStream(StreamName.For("Order", "1"), ExpectedVersion.NoStream, events, Ct);
        await using (var unit = await store.BeginTransaction(Ct))
        {
            await store.RecordNew("payments", [.. events.Take(20).Select(e => e.EventId)], unit.Transaction, Ct);
            await unit.Commit(Ct);
        }
        await _file.Close(store);

        // The file as an older build wrote it: .NET's blob layout, script 007 not applied.
        await _file.Execute("UPDATE events SET event_id = " + Swap + "; UPDATE inbox SET event_id = " + Swap + "; DELETE FROM stormline_schema WHERE version = 7;");
        Assert.Equal(events.Select(e => e.EventId.ToByteArray()), await _file.Column<byte[]>("SELECT event_id FROM events ORDER BY position"), new BytesComparer());

        var reopened = await _file.Open();
        Assert.Equal(events.Select(e => e.EventId), (await reopened.ReadAll(0, 100, Ct)).Select(e => e.EventId));
        Assert.True(await reopened.HasSeen("payments", events[5].EventId, Ct));
        Assert.False(await reopened.HasSeen("payments", events[25].EventId, Ct));
        await using (var unit = await reopened.BeginTransaction(Ct))
        {
            var fresh = await reopened.RecordNew("payments", [.. events.Select(e => e.EventId)], unit.Transaction, Ct);
            Assert.Equal(events.Skip(20).Select(e => e.EventId).ToHashSet(), fresh);
            await unit.Commit(Ct);
        }
        await _file.Close(reopened);

        var again = await _file.Open(); // applied once: a second open changes nothing
        Assert.Equal(events.Select(e => e.EventId), (await again.ReadAll(0, 100, Ct)).Select(e => e.EventId));
    }

    private const string Swap = "unhex(substr(hex(event_id), 7, 2) || substr(hex(event_id), 5, 2) || substr(hex(event_id), 3, 2) || substr(hex(event_id), 1, 2) || " +
        "substr(hex(event_id), 11, 2) || substr(hex(event_id), 9, 2) || substr(hex(event_id), 15, 2) || substr(hex(event_id), 13, 2) || substr(hex(event_id), 17))";

    private sealed class BytesComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => obj.Length;
    }

    public ValueTask DisposeAsync() => _file.DisposeAsync();
}
