using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Store;

public interface IEventReader
{
    /// <summary>Events of one stream with version ≥ <paramref name="fromVersion"/>, in version order; empty when the stream does not exist.</summary>
    /// <exception cref="StreamDeletedException">The stream was soft-deleted.</exception>
    Task<IReadOnlyList<StreamEvent>> ReadStream(StreamName stream, long fromVersion, int maxCount, CancellationToken cancellationToken);

    /// <summary>Events of all streams with global position ≥ <paramref name="fromPosition"/>, in global order (positions start at 1).</summary>
    Task<IReadOnlyList<StreamEvent>> ReadAll(long fromPosition, int maxCount, CancellationToken cancellationToken);

    /// <summary>How many events lie at global positions after <paramref name="position"/>: a projection's lag.</summary>
    Task<long> CountEventsAfter(long position, CancellationToken cancellationToken);

    /// <summary>The stream's type, creation time, last version and deletion time; null when it does not exist.</summary>
    Task<StreamMetadata?> GetStreamMetadata(StreamName stream, CancellationToken cancellationToken);
}
