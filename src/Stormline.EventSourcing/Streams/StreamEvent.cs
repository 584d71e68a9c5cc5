namespace Stormline.EventSourcing.Streams;

/// <summary>
/// An event as stored: <see cref="StreamVersion"/> is its place in its own stream (0, 1, 2, … with no gaps) and
/// <see cref="GlobalPosition"/> its place in the store-wide log (increasing, starting at 1, gaps possible).
/// </summary>
public sealed record StreamEvent(
    Guid EventId,
    StreamName Stream,
    long StreamVersion,
    long GlobalPosition,
    string Type,
    string Data,
    EventMetadata Metadata,
    DateTimeOffset RecordedAt);
