using System.Data.Common;

namespace Stormline.EventSourcing.Store;

/// <summary>
/// One write transaction on one connection, for work that must commit as a unit: a consumer's batch (inbox marks,
/// every aggregate append its handlers make, their outbox rows and saga state), a projection's batch and its
/// checkpoint. Disposing it without <see cref="Commit"/> rolls everything back. Not thread-safe.
/// </summary>
public sealed class StoreTransaction : IAsyncDisposable
{
    private readonly IDisposable? _writer;
    private bool _finished;

    internal StoreTransaction(DbConnection connection, DbTransaction transaction, IDisposable? writer)
    {
        Connection = connection;
        Transaction = transaction;
        _writer = writer;
    }

    public DbConnection Connection { get; }

    /// <summary>Pass it to the store's transactional calls and to your own commands (<c>command.Transaction</c>).</summary>
    public DbTransaction Transaction { get; }

    public async Task Commit(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        await Transaction.CommitAsync(cancellationToken);
        _finished = true;
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
