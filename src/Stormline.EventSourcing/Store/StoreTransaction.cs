using System.Data.Common;

namespace Stormline.EventSourcing.Store;

/// <summary>
/// One write transaction on one connection, for work that must commit as a unit: a consumer's batch (inbox marks,
/// every aggregate append its handlers make, their outbox rows and saga state), a projection's batch and its
/// checkpoint. Disposing it without <see cref="Commit"/> rolls everything back. Not thread-safe.
/// </summary>
public sealed class StoreTransaction : IAsyncDisposable
{
    /// <summary>Finds the unit of work of a bare <see cref="DbTransaction"/>, which is what the store's calls take.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbTransaction, StoreTransaction> Units = [];

    private readonly IDisposable? _writer;
    private List<Action>? _afterCommit;
    private Func<CancellationToken, Task>? _beforeCommit;
    private bool _finished;

    internal StoreTransaction(DbConnection connection, DbTransaction transaction, IDisposable? writer)
    {
        Connection = connection;
        Transaction = transaction;
        _writer = writer;
        Units.AddOrUpdate(transaction, this);
    }

    /// <summary>
    /// Runs <paramref name="action"/> once <paramref name="transaction"/> has committed, never after a rollback: for
    /// in-memory state that must only ever reflect committed data (the command handler's state cache). False when
    /// the transaction did not come from the store's <c>BeginTransaction</c>; then nothing is registered.
    /// </summary>
    public static bool AfterCommit(DbTransaction transaction, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (!Units.TryGetValue(transaction, out var unit) || unit._finished) return false;
        (unit._afterCommit ??= []).Add(action);
        return true;
    }

    /// <summary>
    /// Appends made in this unit are written together just before it commits, not one by one as they are made: on
    /// PostgreSQL one statement and one turn of the append-order lock for the whole unit (a consumer's batch) instead
    /// of one round trip each. Each append still takes its stream's lock and checks its version when it is made. Until
    /// commit, their events have no positions (<c>AppendResult.LastPosition</c> is -1) and only the store's own calls
    /// in the unit see them (reading or locking a stream writes its pending events first); the unit's own SQL does not.
    /// Commit with <see cref="Commit"/>, never on the bare transaction. SQLite writes appends at once either way.
    /// </summary>
    public bool GroupAppends { get; set; }

    /// <summary>The unit of work of <paramref name="transaction"/>; null when it did not come from the store's <c>BeginTransaction</c>.</summary>
    internal static StoreTransaction? Of(DbTransaction transaction) => Units.TryGetValue(transaction, out var unit) && !unit._finished ? unit : null;

    /// <summary>The store's appends waiting for <see cref="Commit"/> when <see cref="GroupAppends"/> is set, of the store's own type.</summary>
    internal object? GroupedAppends { get; set; }

    /// <summary>Runs <paramref name="write"/> at the start of <see cref="Commit"/>, in the transaction (the store's grouped appends); one per unit.</summary>
    internal void BeforeCommit(Func<CancellationToken, Task> write) => _beforeCommit = write;

    public DbConnection Connection { get; }

    /// <summary>Pass it to the store's transactional calls and to your own commands (<c>command.Transaction</c>).</summary>
    public DbTransaction Transaction { get; }

    public async Task Commit(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (_beforeCommit is { } write)
        {
            _beforeCommit = null;
            await write(cancellationToken);
        }
        await Transaction.CommitAsync(cancellationToken);
        _finished = true;
        if (_afterCommit is null) return;
        foreach (var action in _afterCommit) action();
        _afterCommit = null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_finished)
            {
                _finished = true;
                try
                {
                    await Transaction.RollbackAsync(CancellationToken.None);
                }
                catch (Exception e) when (e is DbException or InvalidOperationException)
                {
                    // a broken connection has no transaction left to roll back
                }
            }
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
        finally
        {
            _writer?.Dispose();
        }
    }
}
