using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using Stormline.EventSourcing.Projections;
using Stormline.EventSourcing.Sql;
using Stormline.Hosting.Storage;

namespace Stormline.Hosting.ReadModels;

/// <summary>
/// Which version of each read model queries read, kept in the store (<c>stormline_read_models</c>) so every replica
/// agrees, and cached here per process. A rebuild fills version n+1 beside version n; <see cref="Swap"/> then makes
/// n+1 live, hands it the live checkpoint and drops n, all in one transaction. A query that still aimed at the dropped
/// table finds it missing (<see cref="IsMissingTable"/>), refreshes and reads the new one.
/// </summary>
public sealed class ReadModelCatalog
{
    /// <summary>Run when the store opens; idempotent.</summary>
    public const string CreateSql =
        "CREATE TABLE IF NOT EXISTS stormline_read_models (name TEXT PRIMARY KEY, active_version BIGINT NOT NULL, rebuild_version BIGINT NULL, " +
        "rebuild_started_at BIGINT NULL, rebuilt_at BIGINT NULL)";

    private const string SelectSql = "SELECT active_version, rebuild_version, rebuild_started_at, rebuilt_at FROM stormline_read_models WHERE name = @name";

    private readonly ServiceStore _store;
    private readonly ConcurrentDictionary<string, ReadModelTable> _live = new(StringComparer.Ordinal);

    internal ReadModelCatalog(ServiceStore store) => _store = store;

    /// <summary>The store the read models live in, for reads outside any transaction.</summary>
    internal SqlStore Store => _store.Store;

    /// <summary>At start-up: creates the live version's table (version 1 for a new read model) and remembers it.</summary>
    public async Task Create(ReadModelTable table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        var state = await State(table.Name, cancellationToken);
        var live = table.At(state.ActiveVersion);
        await _store.Store.Migrate(live.CreateSql, cancellationToken);
        Activate(live);
    }

    /// <summary>The version queries and the live projection use, as this process last saw it.</summary>
    public ReadModelTable Live(ReadModelTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return _live.TryGetValue(table.Name, out var live) ? live : table;
    }

    /// <summary>Whether this process has read the live version from the store yet.</summary>
    internal bool Knows(string name) => _live.ContainsKey(name);

    internal void Activate(ReadModelTable live) => _live[live.Name] = live;

    /// <summary>Reads the live version again (on <paramref name="connection"/>) after a query found its table gone.</summary>
    internal async Task<ReadModelTable> Refresh(DbConnection connection, ReadModelTable table, CancellationToken cancellationToken)
    {
        var live = table.At((await State(connection, table.Name, cancellationToken)).ActiveVersion);
        Activate(live);
        return live;
    }

    public async Task<ReadModelState> State(string name, CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenRead(cancellationToken);
        return await State(connection, name, cancellationToken);
    }

    private static async Task<ReadModelState> State(DbConnection connection, string name, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, null, SelectSql, ("@name", name));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return ReadModelState.Initial(name);
        return new ReadModelState(name, (int)reader.GetInt64(0),
            reader.IsDBNull(1) ? null : (int)reader.GetInt64(1),
            reader.IsDBNull(2) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
            reader.IsDBNull(3) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)));
    }

    /// <summary>The highest position in the log (0 when empty), for a rebuild's progress.</summary>
    public async Task<long> HeadPosition(CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenRead(cancellationToken);
        await using var command = Sql.Command(connection, null, "SELECT COALESCE(MAX(position), 0) FROM events");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Starts a rebuild of <paramref name="table"/>'s read model: marks version n+1 as being rebuilt, creates its
    /// table empty (a leftover of an interrupted attempt is dropped first) and clears the rebuild's checkpoint, in one
    /// transaction. Null when a rebuild already runs (another request, maybe on another replica, won).
    /// </summary>
    internal async Task<int?> StartRebuild(ReadModelTable table, CancellationToken cancellationToken)
    {
        await using var unit = await _store.Store.BeginTransaction(cancellationToken);
        var tx = unit.Transaction;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await Sql.Execute(tx, "INSERT INTO stormline_read_models (name, active_version) VALUES (@name, 1) ON CONFLICT (name) DO NOTHING", cancellationToken, ("@name", table.Name));
        await using (var claim = Sql.Command(tx, "UPDATE stormline_read_models SET rebuild_version = active_version + 1, rebuild_started_at = @now WHERE name = @name AND rebuild_version IS NULL",
            ("@name", table.Name), ("@now", now)))
            if (await claim.ExecuteNonQueryAsync(cancellationToken) != 1) return null;
        var target = table.At(await RebuildVersion(tx, table.Name, cancellationToken));
        await Sql.Execute(tx, target.DropSql, cancellationToken);
        await Sql.Execute(tx, target.CreateSql, cancellationToken);
        await Sql.Execute(tx, "DELETE FROM checkpoints WHERE id = @id", cancellationToken, ("@id", RebuildProjection.CheckpointId(table.Name)));
        await unit.Commit(cancellationToken);
        return target.Version;
    }

    private static async Task<int> RebuildVersion(DbTransaction transaction, string name, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(transaction, "SELECT rebuild_version FROM stormline_read_models WHERE name = @name", ("@name", name));
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Makes <paramref name="next"/> live in one transaction: drops <paramref name="live"/>'s table, flips the active
    /// version, moves the live checkpoint from where <paramref name="liveCheckpoint"/> saw it to the rebuild's position
    /// and deletes the rebuild's checkpoint. False, with nothing changed, when the live checkpoint, the rebuild's
    /// checkpoint or the catalog moved meanwhile (a runner on another replica mid-batch): the caller tries again after its next pass.
    /// The table is dropped first so that, on PostgreSQL, the swap waits for a writer of the old table before it
    /// touches the checkpoint row that writer will update: the same lock order as a projection batch, so no deadlock.
    /// </summary>
    internal async Task<bool> Swap(ReadModelTable live, ReadModelTable next, Checkpoint liveCheckpoint, Checkpoint rebuilt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(liveCheckpoint);
        ArgumentNullException.ThrowIfNull(rebuilt);
        await using var unit = await _store.Store.BeginTransaction(cancellationToken);
        var tx = unit.Transaction;
        await Sql.Execute(tx, live.DropSql, cancellationToken);
        await using (var flip = Sql.Command(tx, "UPDATE stormline_read_models SET active_version = @next, rebuild_version = NULL, rebuilt_at = @now " +
            "WHERE name = @name AND active_version = @live AND rebuild_version = @next",
            ("@name", live.Name), ("@next", (long)next.Version), ("@live", (long)live.Version), ("@now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())))
            if (await flip.ExecuteNonQueryAsync(cancellationToken) != 1) return false;
        if (!await _store.Store.TryAdvanceCheckpoint(liveCheckpoint, new Checkpoint(live.Name, rebuilt.Position), tx, cancellationToken)) return false;
        // Only if the replay is still where the caller saw it: a runner that lost the lease may have committed one more batch.
        // An empty log leaves no checkpoint row: then there must still be none with a position.
        await using (var handOver = rebuilt.Position is { } position
            ? Sql.Command(tx, "DELETE FROM checkpoints WHERE id = @id AND position = @position", ("@id", rebuilt.Id), ("@position", position))
            : Sql.Command(tx, "DELETE FROM checkpoints WHERE id = @id AND position IS NOT NULL", ("@id", rebuilt.Id)))
            if (await handOver.ExecuteNonQueryAsync(cancellationToken) != (rebuilt.Position is null ? 0 : 1)) return false;
        await unit.Commit(cancellationToken);
        Activate(next);
        return true;
    }

    /// <summary>Whether a query failed because its table is gone: the version it aimed at was swapped out and dropped.</summary>
    public static bool IsMissingTable(DbException error) => error switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UndefinedTable,
        SqliteException sqlite => sqlite.SqliteErrorCode == 1 && sqlite.Message.Contains("no such table", StringComparison.Ordinal),
        _ => false,
    };
}
