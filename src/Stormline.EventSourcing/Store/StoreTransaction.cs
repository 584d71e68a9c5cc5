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

    public DbConnection Connection { get; }

    /// <summary>Pass it to the store's transactional calls and to your own commands (<c>command.Transaction</c>).</summary>
    public DbTransaction Transaction { get; }

    public async Task Commit(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
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
