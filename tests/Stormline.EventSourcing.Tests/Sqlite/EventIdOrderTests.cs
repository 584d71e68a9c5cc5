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
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("stormline-event-ids-");
    private readonly List<SqliteEventStore> _stores = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string DatabasePath => Path.Combine(_folder.FullName, "events.db");

    private async Task<SqliteEventStore> Open()
    {
        var store = await SqliteEventStore.Open(DatabasePath, cancellationToken: Ct);
        _stores.Add(store);
        return store;
    }

    /// <summary>Ids a millisecond apart, as a busy service makes them: their low timestamp byte differs every time.</summary>
    private static List<EventData> Events(int count)
    {
        var start = DateTimeOffset.UtcNow;
        return [.. Enumerable.Range(0, count).Select(n =>
            new EventData(Guid.CreateVersion7(start.AddMilliseconds(n)), "OrderCreated", $"{{\"orderId\":\"o-{n}\"}}", new EventMetadata($"corr-{n}", null, start)))];
    }

    private async Task<List<byte[]>> Column(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<byte[]>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct)) values.Add((byte[])reader.GetValue(0));
        return values;
    }

    private async Task Execute(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }

    [Fact]
    public async Task TimeOrderedIdsSortInAppendOrderInTheEventAndInboxIndexes()
    {
        var store = await Open();
        var events = Events(300);
        for (var n = 0; n < events.Count; n += 30)
            await store.AppendToStream(StreamName.For("Order", $"{n}"), ExpectedVersion.NoStream, events.Skip(n).Take(30).ToList(), Ct);
        await using (var unit = await store.BeginTransaction(Ct))
        {
            Assert.Equal(300, (await store.RecordNew("payments", [.. events.Select(e => e.EventId)], unit.Transaction, Ct)).Count);
            await unit.Commit(Ct);
        }

        var byPosition = await Column("SELECT event_id FROM events ORDER BY position");
        Assert.Equal(byPosition, await Column("SELECT event_id FROM events ORDER BY event_id"), new BytesComparer());
        Assert.Equal(byPosition, await Column("SELECT event_id FROM inbox ORDER BY consumer, event_id"), new BytesComparer());
        Assert.Equal(events.Select(e => e.EventId), (await store.ReadAll(0, 1000, Ct)).Select(e => e.EventId));
    }

    [Fact]
    public async Task IdsStoredInDotNetsLayoutAreTurnedOverOnce()
    {
        var store = await Open();
        var events = Events(40);
        await store.AppendToStream(StreamName.For("Order", "1"), ExpectedVersion.NoStream, events, Ct);
        await using (var unit = await store.BeginTransaction(Ct))
        {
            await store.RecordNew("payments", [.. events.Take(20).Select(e => e.EventId)], unit.Transaction, Ct);
            await unit.Commit(Ct);
        }
        await store.DisposeAsync();
        _stores.Remove(store);

        // The file as an older build wrote it: .NET's blob layout, script 007 not applied.
        await Execute("UPDATE events SET event_id = " + Swap + "; UPDATE inbox SET event_id = " + Swap + "; DELETE FROM stormline_schema WHERE version = 7;");
        Assert.Equal(events.Select(e => e.EventId.ToByteArray()), await Column("SELECT event_id FROM events ORDER BY position"), new BytesComparer());

        var reopened = await Open();
        Assert.Equal(events.Select(e => e.EventId), (await reopened.ReadAll(0, 100, Ct)).Select(e => e.EventId));
        Assert.True(await reopened.HasSeen("payments", events[5].EventId, Ct));
        Assert.False(await reopened.HasSeen("payments", events[25].EventId, Ct));
        await using (var unit = await reopened.BeginTransaction(Ct))
        {
            var fresh = await reopened.RecordNew("payments", [.. events.Select(e => e.EventId)], unit.Transaction, Ct);
            Assert.Equal(events.Skip(20).Select(e => e.EventId).ToHashSet(), fresh);
            await unit.Commit(Ct);
        }
        await reopened.DisposeAsync();
        _stores.Remove(reopened);

        var again = await Open(); // applied once: a second open changes nothing
        Assert.Equal(events.Select(e => e.EventId), (await again.ReadAll(0, 100, Ct)).Select(e => e.EventId));
    }

    private const string Swap = "unhex(substr(hex(event_id), 7, 2) || substr(hex(event_id), 5, 2) || substr(hex(event_id), 3, 2) || substr(hex(event_id), 1, 2) || " +
        "substr(hex(event_id), 11, 2) || substr(hex(event_id), 9, 2) || substr(hex(event_id), 15, 2) || substr(hex(event_id), 13, 2) || substr(hex(event_id), 17))";

    private sealed class BytesComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => obj.Length;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
