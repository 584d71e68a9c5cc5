using Stormline.EventSourcing.Store;

namespace Stormline.EventSourcing.Sql;

public abstract partial class SqlStore
{
    /// <summary>
    /// Held around every write transaction of this process. SQLite has one writer per file, and a writer that finds
    /// the lock taken is put to sleep by the driver (150 ms at a time), which under load costs far more than waiting
    /// in line here. Null where the database has real concurrent writers.
    /// </summary>
    protected virtual ValueTask<IDisposable?> EnterWriter(WritePriority priority, CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable?>(null);

    /// <summary>
    /// Begins a write transaction for a unit of work: appends (<see cref="AppendToStream(Streams.StreamName, Streams.ExpectedVersion, IReadOnlyList{Streams.EventData}, System.Data.Common.DbTransaction, CancellationToken)"/>),
    /// inbox marks, checkpoints, saga state and the caller's own tables all commit together or not at all.
    /// </summary>
    public Task<StoreTransaction> BeginTransaction(CancellationToken cancellationToken) => BeginTransaction(WritePriority.Flow, cancellationToken);

    /// <inheritdoc cref="BeginTransaction(CancellationToken)"/>
    /// <param name="priority">Who writes first when several wait for SQLite's single writer (see <see cref="WritePriority"/>).</param>
    public async Task<StoreTransaction> BeginTransaction(WritePriority priority, CancellationToken cancellationToken)
    {
        var writer = await EnterWriter(priority, cancellationToken);
        System.Data.Common.DbConnection? connection = null;
        try
        {
            connection = await OpenConnection(cancellationToken);
            var transaction = await BeginWrite(connection, cancellationToken);
            return new StoreTransaction(connection, transaction, writer);
        }
        catch
        {
            if (connection is not null) await connection.DisposeAsync();
            writer?.Dispose();
            throw;
        }
    }
}
