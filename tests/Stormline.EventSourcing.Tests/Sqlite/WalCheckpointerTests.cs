using Stormline.EventSourcing.Sqlite;
using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Tests.Sqlite;

/// <summary>
/// The SQLite store copies its write-ahead log into the database file on its own connection, not in the committing
/// writer's turn (whose automatic checkpoint is only a far-off backstop).
/// </summary>
public sealed class WalCheckpointerTests : IAsyncDisposable
{
    private readonly SqliteTestFile _file = new("stormline-checkpoint-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string DatabasePath => _file.Path;

    [Fact]
    public async Task CommittedPagesReachTheDatabaseFileWithoutAWriterCheckpointing()
    {
        var store = await _file.Open();
        var before = new FileInfo(DatabasePath).Length;
        var note = new string('주', 1_500); // about 4.5 KB of UTF-8 per event: at least a page each
        for (var n = 0; n < 200; n++)
        {
            await using var unit = await store.BeginTransaction(Ct);
            await store.AppendToStream(StreamName.For("Order", $"{n}"), ExpectedVersion.NoStream,
                [new EventData(Guid.NewGuid(), "OrderCreated", $"{{\"orderId\":\"o-{n}\",\"note\":\"{note}\"}}", new EventMetadata($"corr-{n}", null, DateTimeOffset.UtcNow))],
                unit.Transaction, Ct);
            await unit.Commit(Ct);
        }

        // 200 events are far fewer pages than the writers' backstop (8,192), so only the checkpointer can have copied them.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        // The file grows while a checkpoint copies, before the checkpoint is counted: wait for both.
        while ((new FileInfo(DatabasePath).Length < before + 200 * 4096L || store.BackgroundCheckpoints == 0) && DateTime.UtcNow < deadline)
            await Task.Delay(50, Ct);
        Assert.True(new FileInfo(DatabasePath).Length >= before + 200 * 4096L,
            $"the database file is {new FileInfo(DatabasePath).Length} bytes (was {before}): the log was not copied into it");
        Assert.True(store.BackgroundCheckpoints > 0);

        var reopened = await _file.Open();
        Assert.Equal(200, (await reopened.ReadAll(0, 1000, Ct)).Count);
    }

    [Fact]
    public async Task AnIdleStoreDoesNotCheckpoint()
    {
        var store = await _file.Open();
        // Opening wrote the schema, which asks for one checkpoint; after it the store is idle.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (store.BackgroundCheckpoints == 0 && DateTime.UtcNow < deadline) await Task.Delay(20, Ct);
        Assert.True(store.BackgroundCheckpoints > 0);
        await Task.Delay(1_000, Ct); // past any checkpoint a slow schema set-up asked for
        var settled = store.BackgroundCheckpoints;
        await Task.Delay(1_500, Ct);
        Assert.Equal(settled, store.BackgroundCheckpoints);
    }

    public ValueTask DisposeAsync() => _file.DisposeAsync();
}
