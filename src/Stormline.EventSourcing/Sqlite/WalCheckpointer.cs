using Microsoft.Data.Sqlite;

namespace Stormline.EventSourcing.Sqlite;

/// <summary>
/// Copies the write-ahead log back into the database file on a connection of its own, shortly after writes. SQLite's
/// automatic checkpoint runs in the connection that commits, right after its commit and before its caller's turn at
/// the writer ends, so every caller waiting for the writer waits for the copy and its fsync too. The store's writing
/// connections keep an automatic checkpoint at <see cref="BackstopPages"/> for when this one falls behind (a
/// checkpoint cannot pass a reader's snapshot, and the log starts over only once it was copied whole).
/// A passive checkpoint takes no lock a writer needs: writers go on appending to the log while it runs.
/// </summary>
internal sealed class WalCheckpointer : IAsyncDisposable
{
    /// <summary>The writing connections' own automatic checkpoint, in pages (32 MiB of 4 KiB pages; SQLite's default is 1,000).</summary>
    public const int BackstopPages = 8192;

    private readonly string _connectionString;
    private readonly TimeSpan _gather;
    private readonly SemaphoreSlim _written = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _pending;
    private long _checkpoints;

    /// <param name="gather">How long after the first write it waits, so one checkpoint copies the pages of many commits.</param>
    public WalCheckpointer(string connectionString, TimeSpan gather)
    {
        _connectionString = connectionString;
        _gather = gather;
        _loop = Task.Run(Run);
    }

    /// <summary>Checkpoints run so far (each copied whatever the log held that readers no longer need).</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    /// <summary>A writer's turn ended: a checkpoint follows within the gathering time. Cheap, and idle costs nothing.</summary>
    public void Written()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 0) _written.Release();
    }

    private async Task Run()
    {
        SqliteConnection? connection = null;
        try
        {
            while (true)
            {
                await _written.WaitAsync(_stop.Token);
                await Task.Delay(_gather, _stop.Token);
                Volatile.Write(ref _pending, 0); // writes from here on ask for the next checkpoint
                try
                {
                    connection ??= await Open(_stop.Token);
                    await using var command = connection.CreateCommand();
                    command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                    command.CommandTimeout = 1; // a passive checkpoint never waits; only a rival checkpoint makes it busy
                    await command.ExecuteNonQueryAsync(_stop.Token);
                    Interlocked.Increment(ref _checkpoints);
                }
                catch (SqliteException)
                {
                    // Busy or failing now: the next write asks again, and the writers' own backstop still holds.
                    connection?.Dispose();
                    connection = null;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private async Task<SqliteConnection> Open(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _written.Dispose();
    }
}
