using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Store;

public interface IEventStore : IEventReader, IEventWriter
{
    /// <summary>
    /// Soft-deletes (tombstones) the stream: later reads and appends fail with <see cref="StreamDeletedException"/>. Its
    /// events stay in the global log, so projections that saw them remain consistent with history.
    /// </summary>
    /// <exception cref="WrongExpectedVersionException">The stream's version did not match.</exception>
    Task DeleteStream(StreamName stream, ExpectedVersion expected, CancellationToken cancellationToken);
}
