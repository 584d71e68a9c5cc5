using Stormline.EventSourcing.Store;

namespace Stormline.EventSourcing.Sql;

public abstract partial class SqlStore
{
    /// <summary>
    /// Held around every write transaction of this process. SQLite has one writer per file, and a writer that finds
    /// the lock taken is put to sleep by the driver (150 ms at a time), which under load costs far more than waiting
    /// in line here. Null where the database has real concurrent writers.
    /// </summary>
    protected virtual ValueTask<IDisposable?> EnterWriter(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable?>(null);

    /// <summary>
    /// Begins a write transaction for a unit of work: appends (<see cref="AppendToStream(Streams.StreamName, Streams.ExpectedVersion, IReadOnlyList{Streams.EventData}, System.Data.Common.DbTransaction, CancellationToken)"/>),
    /// inbox marks, checkpoints, saga state and the caller's own tables all commit together or not at all.
    /// </summary>
    /// <param name="appends">
    /// Whether the work may append events. On PostgreSQL such a transaction takes the append-order lock before its
    /// first write and holds it to commit, so its transaction id and its positions are assigned in one critical
    /// section (see <c>PostgresEventStore</c>); pass false for work that never appends (projections, checkpoints)
    /// so it runs beside appends.
    /// </param>
    public async Task<StoreTransaction> BeginTransaction(CancellationToken cancellationToken, bool appends = true)
    {
        var writer = await EnterWriter(cancellationToken);
        System.Data.Common.DbConnection? connection = null;
        try
        {
            connection = await OpenConnection(cancellationToken);
            var transaction = await BeginWrite(connection, cancellationToken);
            try
            {
                if (appends) await OnAppendingTransactionStarted(transaction, cancellationToken);
            }
            catch
            {
                await transaction.DisposeAsync();
                throw;
            }
            return new StoreTransaction(connection, transaction, writer);
        }
        catch
        {
            if (connection is not null) await connection.DisposeAsync();
            writer?.Dispose();
            throw;
        }
    }

    /// <summary>Run first in every transaction that may append, before any write (PostgreSQL takes its append-order lock here).</summary>
    protected virtual Task OnAppendingTransactionStarted(System.Data.Common.DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;
}
