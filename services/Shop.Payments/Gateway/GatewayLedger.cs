using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Shop.Payments.Gateway;

/// <summary>
/// The simulated gateway's own books, on disk (SQLite, <c>gateway.db</c>): one row per idempotency key with the first
/// answer, and refunds. Being the gateway's state, not the service's, it survives the service's crashes, so "each
/// order charged once" is checked against the gateway, not by counting our own events. Several replicas on one
/// machine share the file; the key's primary key makes a second charge impossible. Requests waiting together are
/// written in one transaction (group commit). Thread-safe.
/// </summary>
public sealed class GatewayLedger : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly Channel<(Func<SqliteTransaction, Task> Work, TaskCompletionSource Done)> _queue = Channel.CreateUnbounded<(Func<SqliteTransaction, Task>, TaskCompletionSource)>();
    private readonly Task _writer;

    public GatewayLedger(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
        using (var connection = Open())
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "PRAGMA journal_mode = WAL;" +
                "CREATE TABLE IF NOT EXISTS charges (key TEXT PRIMARY KEY, customer TEXT NOT NULL, amount TEXT NOT NULL, approved INTEGER NOT NULL, approval_code TEXT NULL, decline_reason TEXT NULL, at TEXT NOT NULL);" +
                "CREATE TABLE IF NOT EXISTS refunds (key TEXT PRIMARY KEY, at TEXT NOT NULL);";
            create.ExecuteNonQuery();
        }
        _writer = Task.Run(Write);
    }

    /// <summary>The first answer recorded for <paramref name="key"/>, or <paramref name="decide"/>'s, recorded now.</summary>
    public async Task<GatewayDecision> Authorize(string key, string customer, decimal amount, Func<GatewayDecision> decide)
    {
        GatewayDecision? decision = null;
        await Enqueue(async tx =>
        {
            decision = await Existing(tx, key) ?? decide();
            await using var insert = Command(tx, "INSERT INTO charges (key, customer, amount, approved, approval_code, decline_reason, at) VALUES (@k, @c, @a, @ok, @code, @why, @at) ON CONFLICT (key) DO NOTHING",
                ("@k", key), ("@c", customer), ("@a", amount.ToString(CultureInfo.InvariantCulture)), ("@ok", decision.Approved ? 1 : 0),
                ("@code", decision.ApprovalCode), ("@why", decision.DeclineReason), ("@at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)));
            await insert.ExecuteNonQueryAsync();
        });
        return decision!;
    }

    public Task Refund(string key) => Enqueue(async tx =>
    {
        await using var insert = Command(tx, "INSERT INTO refunds (key, at) VALUES (@k, @at) ON CONFLICT (key) DO NOTHING",
            ("@k", key), ("@at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)));
        await insert.ExecuteNonQueryAsync();
    });

    /// <summary>Approved charges per key, as the gateway's books hold them.</summary>
    public IReadOnlyDictionary<string, int> Charges() => Count("SELECT key, COUNT(*) FROM charges WHERE approved = 1 GROUP BY key");

    public IReadOnlyDictionary<string, int> Refunds() => Count("SELECT key, COUNT(*) FROM refunds GROUP BY key");

    private Dictionary<string, int> Count(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        while (reader.Read()) counts[reader.GetString(0)] = reader.GetInt32(1);
        return counts;
    }

    private async Task Enqueue(Func<SqliteTransaction, Task> work)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((work, done))) throw new ObjectDisposedException(nameof(GatewayLedger));
        await done.Task;
    }

    private async Task Write()
    {
        var batch = new List<(Func<SqliteTransaction, Task> Work, TaskCompletionSource Done)>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < 256 && _queue.Reader.TryRead(out var next)) batch.Add(next);
            try
            {
                await using var connection = Open();
                await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
                foreach (var (work, _) in batch) await work(tx);
                await tx.CommitAsync();
                foreach (var (_, done) in batch) done.TrySetResult();
            }
            catch (Exception e)
            {
                foreach (var (_, done) in batch) done.TrySetException(e);
            }
        }
    }

    private static async Task<GatewayDecision?> Existing(SqliteTransaction tx, string key)
    {
        await using var query = Command(tx, "SELECT approved, approval_code, decline_reason FROM charges WHERE key = @k", ("@k", key));
        await using var reader = await query.ExecuteReaderAsync();
        return await reader.ReadAsync()
            ? new GatewayDecision(reader.GetInt32(0) == 1, reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2))
            : null;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // Replicas share the file. Without a busy timeout the driver meets a writer from another process by sleeping
        // 150 ms and trying again; SQLite's own handler waits in steps of a few milliseconds. synchronous NORMAL (WAL)
        // keeps every commit through a kill -9 of the service, the crash the ledger is there to judge, without an
        // fsync per commit on the payment's path (as the service's own store).
        using var wait = connection.CreateCommand();
        wait.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;";
        wait.ExecuteNonQuery();
        return connection;
    }

    private static SqliteCommand Command(SqliteTransaction tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = tx.Connection!.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }
}
