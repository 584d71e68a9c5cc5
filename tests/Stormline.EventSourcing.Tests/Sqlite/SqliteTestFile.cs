using Microsoft.Data.Sqlite;
using Stormline.EventSourcing.Sqlite;

namespace Stormline.EventSourcing.Tests.Sqlite;

/// <summary>
/// A store file in a temporary folder for tests that look past the store's API: the stores opened on it, and plain
/// SQL on a connection of its own (to see the file as another process would, or to make it look older).
/// </summary>
internal sealed class SqliteTestFile(string prefix) : IAsyncDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory(prefix);
    private readonly List<SqliteEventStore> _stores = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public string Path => System.IO.Path.Combine(_folder.FullName, "events.db");

    /// <summary>A store on the file, disposed with it (or by <see cref="Close"/>).</summary>
    public async Task<SqliteEventStore> Open()
    {
        var store = await SqliteEventStore.Open(Path, cancellationToken: Ct);
        _stores.Add(store);
        return store;
    }

    public async Task Close(SqliteEventStore store)
    {
        _stores.Remove(store);
        await store.DisposeAsync();
    }

    public async Task Execute(string sql)
    {
        await using var connection = await Connect();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }

    /// <summary>The first column of every row <paramref name="sql"/> selects.</summary>
    public async Task<List<T>> Column<T>(string sql)
    {
        await using var connection = await Connect();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct)) values.Add(reader.GetFieldValue<T>(0));
        return values;
    }

    private async Task<SqliteConnection> Connect()
    {
        var connection = new SqliteConnection($"Data Source={Path}");
        await connection.OpenAsync(Ct);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
