using System.Globalization;
using Stormline.EventSourcing.Outbox;
using Stormline.EventSourcing.Store;

namespace Stormline.EventSourcing.Sql;

public abstract partial class SqlStore
{
    public virtual async Task<IReadOnlyList<OutboxMessage>> ReadPending(int maxCount, CancellationToken cancellationToken)
    {
        var events = await ReadOnOwnConnection(_sql.PendingOutbox, cancellationToken, ("@max", maxCount));
        return events.ConvertAll(e => new OutboxMessage(e.GlobalPosition, e));
    }

    /// <summary>The positions <see cref="ReadPending"/> would answer with, without their events.</summary>
    private protected async Task<List<long>> ReadPendingPositions(int maxCount, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnection(cancellationToken);
        await using var command = Command(connection, null, _sql.PendingOutboxPositions, ("@max", maxCount));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var positions = new List<long>();
        while (await reader.ReadAsync(cancellationToken)) positions.Add(reader.GetInt64(0));
        return positions;
    }

    /// <remarks>
    /// With <see cref="WritePriority.Request"/> on SQLite: the mark is one short statement, and the relay publishes
    /// nothing more until it is written, so every event behind it waits on this turn.
    /// </remarks>
    public Task<bool> MarkSent(IReadOnlyCollection<long> ids, Lease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return UnderLease(lease, async (transaction, ct) =>
        {
            // One statement for the whole batch, its text the same for any count so it is prepared once.
            await using var command = Command(transaction, _sql.MarkSent, ("@now", DateTimeOffset.UtcNow), ("@positions", _dialect.PositionList(ids)));
            await command.ExecuteNonQueryAsync(ct);
        }, WritePriority.Request, cancellationToken);
    }

    public Task<bool> Park(long id, string reason, Lease lease, CancellationToken cancellationToken) =>
        UnderLease(lease, async (transaction, ct) =>
        {
            await using var command = Command(transaction, _sql.Park, ("@position", id), ("@reason", reason), ("@now", DateTimeOffset.UtcNow));
            await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);

    public async Task<long> CountParked(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnection(cancellationToken);
        await using var command = Command(connection, null, _sql.ParkedCount);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task<Lease?> AcquireLease(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        // The application clock decides expiry: holders on one host agree exactly; across hosts keep the lease well above clock skew.
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return await InTransaction(async (transaction, ct) =>
        {
            await using var command = Command(transaction, _sql.AcquireLease,
                ("@name", name), ("@holder", holder), ("@until", now + (long)duration.TotalMilliseconds), ("@now", now));
            var epoch = await command.ExecuteScalarAsync(ct);
            return epoch is null or DBNull ? null : new Lease(name, holder, Convert.ToInt64(epoch, CultureInfo.InvariantCulture));
        }, cancellationToken);
    }

    public Task ReleaseLease(string name, string holder, CancellationToken cancellationToken) =>
        InTransaction(async (transaction, ct) =>
        {
            await using var command = Command(transaction, _sql.ReleaseLease, ("@name", name), ("@holder", holder));
            await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction that first checks (and, on PostgreSQL, share-locks) the lease row
    /// at the lease's epoch: false, with nothing done, when the lease was taken over.
    /// </summary>
    public Task<bool> UnderLease(Lease lease, Func<System.Data.Common.DbTransaction, CancellationToken, Task> work, CancellationToken cancellationToken) =>
        UnderLease(lease, work, WritePriority.Flow, cancellationToken);

    private async Task<bool> UnderLease(Lease lease, Func<System.Data.Common.DbTransaction, CancellationToken, Task> work, WritePriority priority, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(work);
        await using var unit = await BeginTransaction(priority, cancellationToken);
        if (!await HoldsLease(lease, unit.Transaction, cancellationToken)) return false;
        await work(unit.Transaction, cancellationToken);
        await unit.Commit(cancellationToken);
        return true;
    }

    /// <summary>Whether <paramref name="lease"/> is still current, checked in (and, on PostgreSQL, held for) the caller's transaction.</summary>
    public async Task<bool> HoldsLease(Lease lease, System.Data.Common.DbTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        await using var check = Command(transaction, _sql.LeaseHeld, ("@name", lease.Name), ("@holder", lease.Holder), ("@epoch", lease.Epoch));
        return await check.ExecuteScalarAsync(cancellationToken) is not (null or DBNull);
    }
}
