namespace Stormline.EventSourcing.Streams;

/// <summary>An append or delete lost an optimistic-concurrency race: nothing was written.</summary>
public sealed class WrongExpectedVersionException(StreamName stream, ExpectedVersion expected, long actual)
    : Exception($"Append to stream '{stream}' failed: expected version {expected}, actual version {(actual < 0 ? "no stream" : actual)}.")
{
    public StreamName Stream { get; } = stream;
    public ExpectedVersion Expected { get; } = expected;

    /// <summary>The stream's last version when the write was refused; -1 when the stream does not exist.</summary>
    public long Actual { get; } = actual;
}
