using Stormline.EventSourcing.Sqlite;
using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Tests.Sqlite;

/// <summary>
/// The SQLite store copies its write-ahead log into the database file on its own connection, not in the committing
/// writer's turn (whose automatic checkpoint is only a far-off backstop).
/// </summary>
public sealed class WalCheckpointerTests : IAsyncDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("stormline-checkpoint-");
    private SqliteEventStore? _store;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string DatabasePath => Path.Combine(_folder.FullName, "events.db");

    [Fact]
    public async Task CommittedPagesReachTheDatabaseFileWithoutAWriterCheckpointing()
    {
        _store = await SqliteEventStore.Open(DatabasePath, cancellationToken: Ct);
        var before = new FileInfo(DatabasePath).Length;
        var note = new string('주', 1_500); // about 4.5 KB of UTF-8 per event: at least a page each
        for (var n = 0; n < 200; n++)
        {
            await using var unit = await _store.BeginTransaction(Ct);
            await _store.AppendToStream(StreamName.For("Order", $"{n}"), ExpectedVersion.NoStream,
                [new EventData(Guid.NewGuid(), "OrderCreated", $"{{\"orderId\":\"o-{n}\",\"note\":\"{note}\"}}", new EventMetadata($"corr-{n}", null, DateTimeOffset.UtcNow))],
                unit.Transaction, Ct);
            await unit.Commit(Ct);
        }

        // 200 events are far fewer pages than the writers' backstop (8,192), so only the checkpointer can have copied them.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (new FileInfo(DatabasePath).Length < before + 200 * 4096L && DateTime.UtcNow < deadline)
            await Task.Delay(50, Ct);
        Assert.True(new FileInfo(DatabasePath).Length >= before + 200 * 4096L,
            $"the database file is {new FileInfo(DatabasePath).Length} bytes (was {before}): the log was not copied into it");
        Assert.True(_store.BackgroundCheckpoints > 0);

        var reopened = await SqliteEventStore.Open(DatabasePath, cancellationToken: Ct);
        await using (reopened)
            Assert.Equal(200, (await reopened.ReadAll(0, 1000, Ct)).Count);
    }

    [Fact]
    public async Task AnIdleStoreDoesNotCheckpoint()
    {
        _store = await SqliteEventStore.Open(DatabasePath, cancellationToken: Ct);
        // Opening wrote the schema, which asks for one checkpoint; after it the store is idle.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (_store.BackgroundCheckpoints == 0 && DateTime.UtcNow < deadline) await Task.Delay(20, Ct);
        Assert.True(_store.BackgroundCheckpoints > 0);
        await Task.Delay(1_000, Ct); // past any checkpoint a slow schema set-up asked for
        var settled = _store.BackgroundCheckpoints;
        await Task.Delay(1_500, Ct);
        Assert.Equal(settled, _store.BackgroundCheckpoints);
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        _folder.Delete(recursive: true);
    }
}
