using Microsoft.Data.Sqlite;
using Stormline.EventSourcing.Sql;
using Stormline.EventSourcing.Sqlite;

namespace Stormline.EventSourcing.Tests.Fixtures;

/// <summary>One SQLite file per test in its own temp folder, removed afterwards.</summary>
public sealed class SqliteStoreFactory : IStoreFactory
{
    private readonly Dictionary<SqlStore, DirectoryInfo> _folders = [];

    public async Task<SqlStore> CreateStore(CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("stormline-sqlite-");
        var store = await SqliteEventStore.Open(Path.Combine(folder.FullName, "events.db"), cancellationToken: cancellationToken);
        lock (_folders) _folders[store] = folder;
        return store;
    }

    public ValueTask DisposeStore(SqlStore store)
    {
        DirectoryInfo folder;
        lock (_folders)
        {
            folder = _folders[store];
            _folders.Remove(store);
        }
        SqliteConnection.ClearAllPools(); // pooled connections keep the file open
        folder.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}
