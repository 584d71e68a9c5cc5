using System.Data.Common;
using System.Text.Json;
using Stormline.EventSourcing.Inbox;
using Stormline.EventSourcing.Outbox;
using Stormline.EventSourcing.Projections;
using Stormline.EventSourcing.Snapshots;
using Stormline.EventSourcing.Store;
using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Sql;

/// <summary>
/// The event store, snapshots, outbox, inbox and checkpoints in one relational database, so that events and outbox rows,
/// or read-model changes and their checkpoint, commit in one transaction. Backends supply connections, transactions
/// and a <see cref="SqlDialect"/>; the statements are shared. Thread-safe: every call uses its own pooled connection.
/// </summary>
public abstract partial class SqlStore : IEventStore, ISnapshotStore, IOutbox, IInbox, ICheckpointStore
{
    private readonly SqlText _sql;
    private readonly SqlDialect _dialect;

    protected SqlStore(SqlDialect dialect, bool outbox)
    {
        _dialect = dialect;
        _sql = new SqlText(dialect);
        Outbox = outbox;
    }

    internal SqlDialect Dialect => _dialect;

    /// <summary>Whether appends also write outbox rows.</summary>
    public bool Outbox { get; }

    protected abstract Task<DbConnection> OpenConnection(CancellationToken cancellationToken);

    /// <summary>Starts a write transaction; SQLite takes its write lock here (BEGIN IMMEDIATE) so readers never need to upgrade.</summary>
    protected abstract Task<DbTransaction> BeginWrite(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one write transaction and commits it; a throw rolls everything back.</summary>
    public async Task<T> InTransaction<T>(Func<DbTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var unit = await BeginTransaction(cancellationToken);
        var result = await work(unit.Transaction, cancellationToken);
        await unit.Commit(cancellationToken);
        return result;
    }

    public Task InTransaction(Func<DbTransaction, CancellationToken, Task> work, CancellationToken cancellationToken) =>
        InTransaction<bool>(async (tx, ct) => { await work(tx, ct); return true; }, cancellationToken);

    /// <summary>
    /// Runs a read on a pooled connection outside any transaction, so it never waits for nor holds the write lock
    /// (SQLite's single writer): work that only reads belongs here, not in a write transaction.
    /// </summary>
    public async Task<T> Read<T>(Func<DbConnection, CancellationToken, Task<T>> query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await OpenConnection(cancellationToken);
        return await query(connection, cancellationToken);
    }

    /// <summary>A command with named parameters (null goes as DBNull), on the connection and in the transaction given.</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection is IStatementCache cache && cache.Rent(sql) is { } prepared)
        {
            prepared.Transaction = transaction;
            Bind(prepared, parameters);
            return prepared;
        }

        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        Bind(command, parameters);
        return command;
    }

    /// <summary>Sets the command's parameters; a reused command keeps its own when the names match (the same text comes with the same names in order).</summary>
    private static void Bind(DbCommand command, (string Name, object? Value)[] parameters)
    {
        var existing = command.Parameters;
        if (existing.Count == parameters.Length)
        {
            var same = true;
            for (var i = 0; i < parameters.Length && same; i++)
                same = string.Equals(existing[i].ParameterName, parameters[i].Name, StringComparison.Ordinal);
            if (same)
            {
                for (var i = 0; i < parameters.Length; i++) existing[i].Value = parameters[i].Value ?? DBNull.Value;
                return;
            }
        }

        existing.Clear();
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            existing.Add(parameter);
        }
    }

    public static DbCommand Command(DbTransaction transaction, string sql, params (string Name, object? Value)[] parameters) =>
        Command(transaction.Connection ?? throw new InvalidOperationException("The transaction has completed."), transaction, sql, parameters);

    /// <summary>
    /// The events a command selects, their personal fields still sealed: a caller without a transaction closes its
    /// connection before it calls <see cref="Reveal"/>, whose key look-up takes a connection of its own (holding one
    /// while waiting for another starves the pool under concurrent reads).
    /// </summary>
    private async Task<List<StreamEvent>> ReadSealed(DbCommand command, CancellationToken cancellationToken)
    {
        var events = new List<StreamEvent>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                events.Add(ReadEvent(reader));
        return events;
    }

    /// <summary>Reads on a connection of its own, returns it to the pool, then opens the personal fields.</summary>
    private async Task<List<StreamEvent>> ReadOnOwnConnection(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        List<StreamEvent> events;
        await using (var connection = await OpenConnection(cancellationToken))
        await using (var command = Command(connection, null, sql, parameters))
            events = await ReadSealed(command, cancellationToken);
        await Reveal(events, null, cancellationToken);
        return events;
    }

    /// <summary>Opens the events' personal fields (erased where the key was forgotten); nothing when no protection is set.</summary>
    private protected Task Reveal(List<StreamEvent> events, DbTransaction? transaction, CancellationToken cancellationToken) =>
        PersonalData is { } personalData && events.Count > 0 ? personalData.Reveal(events, transaction, cancellationToken) : Task.CompletedTask;

    /// <summary>Reads the columns in the order of <see cref="SqlText"/>'s event column list.</summary>
    private protected StreamEvent ReadEvent(DbDataReader reader) => new(
        _dialect.ReadEventId(reader, 0),
        new StreamName(reader.GetString(1)),
        reader.GetInt64(2),
        reader.GetInt64(3),
        reader.GetString(4),
        reader.GetString(5),
        JsonSerializer.Deserialize(reader.GetString(6), EventMetadataJson.Default.EventMetadata)
            ?? throw new InvalidDataException($"Event at position {reader.GetInt64(3)} has no metadata."),
        reader.GetFieldValue<DateTimeOffset>(7));

    internal static string SerializeMetadata(EventMetadata metadata) => JsonSerializer.Serialize(metadata, EventMetadataJson.Default.EventMetadata);
}
