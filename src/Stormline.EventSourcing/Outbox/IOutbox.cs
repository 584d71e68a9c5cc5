namespace Stormline.EventSourcing.Outbox;

/// <summary>
/// Rows written in the append transaction, one per event, read by a relay that publishes them and marks them sent. A
/// crash between append and publish only delays publication: unsent rows stay pending.
/// </summary>
public interface IOutbox
{
    /// <summary>The relay's lease name.</summary>
    public const string RelayLease = "relay";

    /// <summary>Unsent, unparked messages in global order, oldest first.</summary>
    Task<IReadOnlyList<OutboxMessage>> ReadPending(int maxCount, CancellationToken cancellationToken);

    /// <summary>Marks the rows sent if <paramref name="lease"/> is still held at its epoch; false (nothing marked) when it was taken over.</summary>
    Task<bool> MarkSent(IReadOnlyCollection<long> ids, Lease lease, CancellationToken cancellationToken);

    /// <summary>
    /// Sets aside a row that can never be published (its event does not fit its schema, the broker refuses it for
    /// good): it is no longer pending, so it neither blocks nor repeats the rows after it, and it stays for an operator.
    /// False when <paramref name="lease"/> was taken over.
    /// </summary>
    Task<bool> Park(long id, string reason, Lease lease, CancellationToken cancellationToken);

    /// <summary>Rows parked and not sent since: the figure behind the parked-outbox alert.</summary>
    Task<long> CountParked(CancellationToken cancellationToken);

    /// <summary>
    /// Takes or renews the lease <paramref name="name"/> for <paramref name="holder"/>; null while another holder's
    /// lease is live. Only the holder publishes, so two relay instances never send the same rows and rows go out in
    /// global (hence stream) order.
    /// </summary>
    Task<Lease?> AcquireLease(string name, string holder, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Gives the lease up early (on shutdown) so another holder can take over without waiting for expiry.</summary>
    Task ReleaseLease(string name, string holder, CancellationToken cancellationToken);
}
