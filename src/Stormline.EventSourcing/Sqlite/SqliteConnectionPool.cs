using System.Collections.Concurrent;

namespace Stormline.EventSourcing.Sqlite;

/// <summary>
/// Open connections to one SQLite file, kept with their prepared statements and their per-connection settings
/// (<c>synchronous</c>) between uses. Microsoft.Data.Sqlite's own pool keeps the native handle but finalizes every
/// statement on close, so each transaction used to parse its statements again.
/// </summary>
internal sealed class SqliteConnectionPool(string connectionString, int maxIdle) : IAsyncDisposable
{
    private readonly ConcurrentBag<PooledSqliteConnection> _idle = [];
    private int _idleCount;
    private volatile bool _disposed;

    public async Task<PooledSqliteConnection> Rent(CancellationToken cancellationToken)
    {
        if (_idle.TryTake(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            return idle;
        }

        var connection = new PooledSqliteConnection(connectionString, this);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // Both are per connection. synchronous = NORMAL in WAL mode loses nothing on a process crash (kill -9); only
            // a power cut can drop the last commits, and it saves an fsync per transaction. The automatic checkpoint is
            // only a backstop: the store's WalCheckpointer copies the log on a connection of its own.
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = $"PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = {WalCheckpointer.BackstopPages};";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            connection.CloseForGood();
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Takes a connection back; false (the caller closes it) when the pool is full, disposed, or the connection is not reusable.</summary>
    internal bool TryReturn(PooledSqliteConnection connection)
    {
        if (_disposed || connection.State != System.Data.ConnectionState.Open || connection.InTransaction) return false;
        if (Interlocked.Increment(ref _idleCount) > maxIdle)
        {
            Interlocked.Decrement(ref _idleCount);
            return false;
        }
        _idle.Add(connection);
        if (_disposed) Drain(); // raced with DisposeAsync: close what it may have missed
        return true;
    }

    private void Drain()
    {
        while (_idle.TryTake(out var connection))
        {
            Interlocked.Decrement(ref _idleCount);
            connection.CloseForGood();
            connection.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        Drain();
        return ValueTask.CompletedTask;
    }
}
