using System.Data.Common;
using Npgsql;
using Stormline.EventSourcing.Sql;
using Stormline.EventSourcing.Store;
using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Postgres;

/// <summary>
/// The server store on PostgreSQL through Npgsql. Owns its data source and its append queue; dispose it to finish
/// queued appends and close the pool.
/// <para>
/// Appends lock only their own stream until commit; concurrent appends are grouped into shared transactions by the
/// <see cref="AppendQueue"/>. Only the statement that takes global positions is serialized, by a session advisory
/// lock held for that one statement, not until commit, whether the append is queued or part of a caller's unit of
/// work (<see cref="OrderedInsert"/>). Each event carries a settle mark, and <see cref="ReadAll"/> returns only
/// events whose mark is below every transaction still running, so a reader never passes a position that a slower
/// transaction commits later.
/// </para>
/// </summary>
public sealed class PostgresEventStore : SqlStore, IAsyncDisposable
{
    /// <summary>How long <see cref="ReadAll"/> waits for in-flight appends below a visible event before returning what is settled.</summary>
    private static readonly TimeSpan SettleWait = TimeSpan.FromSeconds(1);

    private static readonly string ReadAllSql =
        // Events from before settle marks existed fall back to their own transaction id, the rule they were written under.
        // The oldest running transaction as a scalar subquery: computed once per statement (an init plan), not per row.
        $"SELECT {SqlText.EventColumns}, coalesce(e.settle_mark, e.transaction_id::text::bigint) < (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint) " +
        "FROM events e WHERE e.position >= @from ORDER BY e.position LIMIT @max";

    private readonly NpgsqlDataSource _dataSource;
    private readonly AppendQueue _appends;

    public PostgresEventStore(string connectionString, bool outbox = true) : base(PostgresDialect.Instance, outbox)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // The store runs fixed statements: preparing them saves parsing and planning on every call. A service's pooled
        // connection sees more than twenty of them (the store's, its read models' few sizes of multi-row statements, leases,
        // checkpoints); a limit below that makes Npgsql recycle its least recently used ones, re-parsing them again.
        if (builder.MaxAutoPrepare == 0) builder.MaxAutoPrepare = 64;
        // The store leaves no session state behind (its one session lock is released explicitly, also after a
        // failure), so the reset statements Npgsql would run at every return to the pool are pure cost.
        builder.NoResetOnClose = true;
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        _appends = new AppendQueue(_dataSource, outbox, () => PersonalData);
    }

    public static async Task<PostgresEventStore> Open(string connectionString, bool outbox = true, CancellationToken cancellationToken = default)
    {
        var store = new PostgresEventStore(connectionString, outbox);
        await store.Initialize(cancellationToken);
        return store;
    }

    protected override async Task<DbConnection> OpenConnection(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>
    /// A connection from the store's own pool for the caller's queries (read models). One pool per process keeps a
    /// replica's connections within its <c>Maximum Pool Size</c>, so replicas × pool size can be planned against the
    /// server's <c>max_connections</c>.
    /// </summary>
    public async Task<NpgsqlConnection> OpenReadConnection(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    protected override async Task<DbTransaction> BeginWrite(DbConnection connection, CancellationToken cancellationToken) =>
        await ((NpgsqlConnection)connection).BeginTransactionAsync(cancellationToken);

    /// <summary>
    /// An append inside the caller's unit of work: one round trip, positions taken under the order lock for that
    /// statement only; <see cref="OrderedInsert"/>, which also serves batched appends, stamps the events itself
    /// (<paramref name="now"/> is not used).
    /// </summary>
    private protected override async Task<long> WriteEvents(DbTransaction transaction, StreamName stream, long actual, IReadOnlyList<EventData> events, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (StoreTransaction.Of(transaction) is { GroupAppends: true } unit)
        {
            // Held back for the unit's commit, which writes them all in one statement. A stream already waiting there
            // (appended twice without a lock in between) is written first: one statement names each stream once.
            await WriteGrouped(transaction, stream, cancellationToken);
            if (unit.GroupedAppends is not List<StreamWrite> writes)
            {
                unit.GroupedAppends = writes = [];
                unit.BeforeCommit(ct => WriteGrouped(unit, ct));
            }
            writes.Add(new StreamWrite(stream, actual, events));
            return -1; // positions are taken at commit
        }

        var positions = await OrderedInsert.Run((NpgsqlConnection)(transaction.Connection ?? throw new InvalidOperationException("The transaction has completed.")),
            (NpgsqlTransaction)transaction, Outbox,
            [new StreamWrite(stream, actual, events)], cancellationToken);
        return positions[stream.Value];
    }

    private protected override Task WriteGrouped(DbTransaction transaction, StreamName stream, CancellationToken cancellationToken) =>
        StoreTransaction.Of(transaction) is { GroupedAppends: List<StreamWrite> writes } unit && writes.Exists(w => w.Stream.Value == stream.Value)
            ? WriteGrouped(unit, cancellationToken)
            : Task.CompletedTask;

    /// <summary>The unit's held-back appends in one ordered insert: one turn of the append-order lock for all of them.</summary>
    private async Task WriteGrouped(StoreTransaction unit, CancellationToken cancellationToken)
    {
        if (unit.GroupedAppends is not List<StreamWrite> { Count: > 0 } writes) return;
        unit.GroupedAppends = new List<StreamWrite>();
        await OrderedInsert.Run((NpgsqlConnection)unit.Connection, (NpgsqlTransaction)unit.Transaction, Outbox, writes, cancellationToken);
    }

    private protected override async Task<IAsyncDisposable> EnterSchemaSetUp(DbConnection connection, CancellationToken cancellationToken)
    {
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({PostgresDialect.SchemaLockKey})", (NpgsqlConnection)connection))
            await take.ExecuteNonQueryAsync(cancellationToken);
        return new SchemaSetUpLock((NpgsqlConnection)connection);
    }

    private sealed class SchemaSetUpLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({PostgresDialect.SchemaLockKey})", connection);
                await release.ExecuteNonQueryAsync();
            }
            catch (NpgsqlException)
            {
                // the session is gone, and its lock with it
            }
        }
    }

    /// <summary>
    /// Queued for the next shared transaction. <paramref name="cancellationToken"/> cancels the append while it waits;
    /// once its transaction started, the append completes either way.
    /// </summary>
    public override Task<AppendResult> AppendToStream(StreamName stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0) return base.AppendToStream(stream, expected, events, cancellationToken); // a version check only
        cancellationToken.ThrowIfCancellationRequested();
        return _appends.Enqueue(new PendingAppend(stream, expected, events, cancellationToken));
    }

    /// <summary>
    /// Events from <paramref name="fromPosition"/> in position order, up to the first one whose transaction is not
    /// older than every running transaction (a lower position may still commit). When an unsettled event cuts the
    /// page, it waits briefly for those appends to finish, then returns the settled prefix.
    /// </summary>
    public override async Task<IReadOnlyList<StreamEvent>> ReadAll(long fromPosition, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        var deadline = DateTime.UtcNow + SettleWait;
        var pause = TimeSpan.FromMilliseconds(1);
        while (true)
        {
            var (events, cut) = await ReadSettled(fromPosition, maxCount, cancellationToken);
            if (!cut || DateTime.UtcNow >= deadline) return events;
            await Task.Delay(pause, cancellationToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromMilliseconds(50).Ticks));
        }
    }

    private async Task<(List<StreamEvent> Events, bool Cut)> ReadSettled(long fromPosition, int maxCount, CancellationToken cancellationToken)
    {
        var events = new List<StreamEvent>();
        var cut = false;
        // The connection goes back to the pool before the key look-up in Reveal takes one.
        await using (var connection = await _dataSource.OpenConnectionAsync(cancellationToken))
        await using (var command = new NpgsqlCommand(ReadAllSql, connection)
        {
            Parameters = { new NpgsqlParameter<long>("from", fromPosition), new NpgsqlParameter<long>("max", maxCount) },
        })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (!cut && await reader.ReadAsync(cancellationToken))
            {
                if (!reader.GetBoolean(8)) cut = true;
                else events.Add(ReadEvent(reader));
            }
        }

        await Reveal(events, null, cancellationToken);
        return (events, cut);
    }

    public async ValueTask DisposeAsync()
    {
        await _appends.DisposeAsync();
        await _dataSource.DisposeAsync();
    }
}
