using System.Data.Common;
using Microsoft.Data.Sqlite;
using Stormline.EventSourcing.Sql;

namespace Stormline.EventSourcing.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode, so readers never block the single writer. Write transactions
/// begin IMMEDIATE, which serializes appends and makes the version check and the insert one atomic step.
/// </summary>
public sealed class SqliteEventStore : SqlStore, IAsyncDisposable
{
    private readonly SqliteConnectionPool _connections;
    private readonly WriterGate _writer;
    private readonly WalCheckpointer _checkpointer;
    private readonly SqliteAppendQueue _appends;
    private readonly RecentEvents _recent = new(RecentCapacity);

    /// <summary>
    /// How many committed events the store keeps for its own readers: a few consumer batches, so tailers that keep up
    /// never query for what was just appended (about 4 MB for events of 1 KB).
    /// </summary>
    private const int RecentCapacity = 4096;

    /// <summary>
    /// How long the log gathers commits before the checkpointer copies them: about four checkpoints a second under
    /// load, each copying a page written by many commits once.
    /// </summary>
    private static readonly TimeSpan CheckpointGathering = TimeSpan.FromMilliseconds(250);

    /// <summary>How many times the store copied its write-ahead log into the file beside the writer (see <see cref="WalCheckpointer"/>).</summary>
    public long BackgroundCheckpoints => _checkpointer.Checkpoints;

    /// <param name="path">The database file; created with its schema by <see cref="SqlStore.Initialize"/>.</param>
    /// <param name="outbox">Whether appends also write outbox rows.</param>
    public SqliteEventStore(string path, bool outbox = true) : base(SqliteDialect.Instance, outbox)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30, // how long a writer waits for the lock (busy retries) before failing
        }.ToString();
        _connections = new SqliteConnectionPool(connectionString, maxIdle: 16);
        _checkpointer = new WalCheckpointer(connectionString, CheckpointGathering);
        _writer = new WriterGate(_checkpointer.Written);
        _appends = new SqliteAppendQueue(this);
    }

    public static async Task<SqliteEventStore> Open(string path, bool outbox = true, CancellationToken cancellationToken = default)
    {
        var store = new SqliteEventStore(path, outbox);
        await store.Initialize(cancellationToken);
        return store;
    }

    /// <summary>From the store's own pool, which keeps each connection's prepared statements (see <see cref="SqliteConnectionPool"/>).</summary>
    protected override async Task<DbConnection> OpenConnection(CancellationToken cancellationToken) =>
        await _connections.Rent(cancellationToken);

    /// <summary>WAL is a property of the file, set once: readers then never block the writer, nor it them.</summary>
    protected override async Task PrepareDatabase(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode = WAL;";
        var mode = (string?)await pragma.ExecuteScalarAsync(cancellationToken);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"SQLite refused WAL mode (journal_mode is '{mode}'); is the file on a network share?");
    }

    /// <summary>
    /// Queued for the next shared transaction (group commit, see <see cref="SqliteAppendQueue"/>).
    /// <paramref name="cancellationToken"/> cancels the append while it waits; once its transaction started it completes.
    /// </summary>
    public override Task<Streams.AppendResult> AppendToStream(Streams.StreamName stream, Streams.ExpectedVersion expected, IReadOnlyList<Streams.EventData> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        cancellationToken.ThrowIfCancellationRequested();
        return _appends.Enqueue(new Store.PendingAppend(stream, expected, events, cancellationToken));
    }

    /// <summary>
    /// Answered from the events this process committed last when they cover the read (see <see cref="RecentEvents"/>);
    /// otherwise from the file.
    /// </summary>
    public override async Task<IReadOnlyList<Streams.StreamEvent>> ReadAll(long fromPosition, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        return _recent.TryRead(fromPosition, maxCount) ?? await base.ReadAll(fromPosition, maxCount, cancellationToken);
    }

    /// <summary>
    /// The relay's read: the pending positions from the file, their events from memory when it holds every one of
    /// them (the relay usually publishes what was just committed); otherwise the events from the file too.
    /// </summary>
    public override async Task<IReadOnlyList<Outbox.OutboxMessage>> ReadPending(int maxCount, CancellationToken cancellationToken)
    {
        var positions = await ReadPendingPositions(maxCount, cancellationToken);
        if (positions.Count == 0) return [];
        return _recent.TryGet(positions) is { } events
            ? events.ConvertAll(e => new Outbox.OutboxMessage(e.GlobalPosition, e))
            : await base.ReadPending(maxCount, cancellationToken);
    }

    internal override long RecentGeneration => _recent.Generation;

    /// <summary>
    /// Positions are consecutive within one append: SQLite has one writer, and rows take the next rowid. The events
    /// join <see cref="RecentEvents"/> only once their transaction committed; an append outside the store's units of
    /// work leaves a hole there, which readers go around through the file.
    /// </summary>
    private protected override void Appended(DbTransaction transaction, long generation, Streams.StreamName stream, long lockedVersion, IReadOnlyList<Streams.EventData> events, long lastPosition, DateTimeOffset recordedAt)
    {
        var stored = new Streams.StreamEvent[events.Count];
        var firstPosition = lastPosition - events.Count + 1;
        for (var i = 0; i < stored.Length; i++)
        {
            var e = events[i];
            stored[i] = new Streams.StreamEvent(e.EventId, stream, lockedVersion + 1 + i, firstPosition + i, e.Type, e.Data, e.Metadata, recordedAt);
        }
        Store.StoreTransaction.AfterCommit(transaction, () => _recent.Add(generation, stored));
    }

    /// <summary>After an erasure nothing cached is served again (the events hold personal fields in the clear).</summary>
    public override void ForgetRecentEvents() => _recent.Clear();

    /// <summary>Finishes queued appends.</summary>
    public async ValueTask DisposeAsync()
    {
        await _appends.DisposeAsync();
        await _checkpointer.DisposeAsync();
        await _connections.DisposeAsync();
    }

    protected override async ValueTask<IDisposable?> EnterWriter(Store.WritePriority priority, CancellationToken cancellationToken) =>
        await _writer.Enter(priority, cancellationToken);

    protected override Task<DbTransaction> BeginWrite(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));
}
