namespace Stormline.EventSourcing.Streams;

/// <summary>The stream was soft-deleted (tombstoned): it can no longer be read or appended to.</summary>
public sealed class StreamDeletedException(StreamName stream)
    : Exception($"Stream '{stream}' has been deleted.")
{
    public StreamName Stream { get; } = stream;
}
