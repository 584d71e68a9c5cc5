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

    Task<bool> HasSeen(string consumer, Guid eventId, CancellationToken cancellationToken);
}
