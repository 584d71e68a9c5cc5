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
}
