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

    /// <summary>
    /// Takes or renews the relay lease for <paramref name="holder"/>; false while another holder's lease is live. Only
    /// the holder publishes, so two relay instances never send the same rows and rows go out in global (hence stream) order.
    /// </summary>
    Task<bool> TryAcquireLease(string holder, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Gives the lease up early (on shutdown) so another relay can take over without waiting for expiry.</summary>
    Task ReleaseLease(string holder, CancellationToken cancellationToken);
}
