using Microsoft.Data.Sqlite;
using Stormline.EventSourcing.Sqlite;
using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Tests.Sqlite;

/// <summary>What only the SQLite backend promises, beyond the conformance suite.</summary>
public sealed class SqliteFileTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("stormline-sqlite-");

    private string DatabasePath => Path.Combine(_folder.FullName, "events.db");

    [Fact]
    public async Task TheFileIsInWalMode()
    {
        await SqliteEventStore.Open(DatabasePath, cancellationToken: TestContext.Current.CancellationToken);

        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ReopeningRunsNoScriptTwiceAndKeepsTheEvents()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await SqliteEventStore.Open(DatabasePath, cancellationToken: ct);
        await first.AppendToStream(StreamName.For("Order", "1"), ExpectedVersion.NoStream, [new EventData(Guid.NewGuid(), "OrderCreated", "{}", EventMetadata.Now())], ct);

        var reopened = await SqliteEventStore.Open(DatabasePath, cancellationToken: ct);
        Assert.Single(await reopened.ReadAll(1, 10, ct));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
