using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Store;

public interface IEventWriter
{
    /// <summary>
    /// Appends all <paramref name="events"/> or none. When the store has an outbox, one outbox row per event is written in
    /// the same transaction.
    /// </summary>
    /// <exception cref="WrongExpectedVersionException">The stream's version did not match; nothing was written.</exception>
    /// <exception cref="StreamDeletedException">The stream was soft-deleted.</exception>
    Task<AppendResult> AppendToStream(StreamName stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken);
}
