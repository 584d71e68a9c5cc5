using Stormline.EventSourcing.Outbox;

namespace Stormline.EventSourcing.Sql;

public abstract partial class SqlStore
{
    public async Task<IReadOnlyList<OutboxMessage>> ReadPending(int maxCount, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnection(cancellationToken);
        await using var command = Command(connection, null, _sql.PendingOutbox, ("@max", maxCount));
        var events = await ReadEvents(command, cancellationToken);
        return events.ConvertAll(e => new OutboxMessage(e.GlobalPosition, e));
    }

    public Task MarkSent(IReadOnlyCollection<long> ids, CancellationToken cancellationToken) =>
        InTransaction(async (transaction, ct) =>
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var id in ids)
                await using (var command = Command(transaction, _sql.MarkSent, ("@position", id), ("@now", now)))
                    await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);

    public async Task<bool> TryAcquireLease(string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        // The application clock decides expiry: relays on one host agree exactly; across hosts keep the lease well above clock skew.
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using var connection = await OpenConnection(cancellationToken);
        await using var command = Command(connection, null, _sql.AcquireLease,
            ("@holder", holder), ("@until", now + (long)duration.TotalMilliseconds), ("@now", now));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task ReleaseLease(string holder, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnection(cancellationToken);
        await using var command = Command(connection, null, _sql.ReleaseLease, ("@holder", holder));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
