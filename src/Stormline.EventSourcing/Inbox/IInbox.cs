using System.Data.Common;

namespace Stormline.EventSourcing.Inbox;

/// <summary>
/// Remembers which event ids a consumer has handled. Recording happens in the handler's own transaction, so the
/// effect and the "seen" mark commit together and a redelivered event is dropped.
/// </summary>
public interface IInbox
{
    /// <summary>Records the event id for the consumer; false when it was already recorded (the event is a duplicate).</summary>
    Task<bool> TryRecord(string consumer, Guid eventId, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>
    /// Records many event ids for the consumer in a few statements; returns those recorded now (the others were
    /// recorded before: duplicates), as a set of the caller's own. For a consumer's batch, whose handlers then run in
    /// the same transaction.
    /// </summary>
    Task<ISet<Guid>> RecordNew(string consumer, IReadOnlyList<Guid> eventIds, DbTransaction transaction, CancellationToken cancellationToken);

    Task<bool> HasSeen(string consumer, Guid eventId, CancellationToken cancellationToken);
}
