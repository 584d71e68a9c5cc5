namespace Stormline.EventSourcing.Outbox;

/// <summary>
/// Rows written in the append transaction, one per event, read by a relay that publishes them and marks them sent. A
/// crash between append and publish only delays publication: unsent rows stay pending.
/// </summary>
public interface IOutbox
{
    /// <summary>Unsent messages in global order, oldest first.</summary>
    Task<IReadOnlyList<OutboxMessage>> ReadPending(int maxCount, CancellationToken cancellationToken);

    Task MarkSent(IReadOnlyCollection<long> ids, CancellationToken cancellationToken);
}
