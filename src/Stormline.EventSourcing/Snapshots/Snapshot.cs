using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Snapshots;

/// <summary>
/// An aggregate's state as of <see cref="Version"/>, serialized as JSON. <see cref="SchemaVersion"/> is the state
/// shape's version: a loader that expects another one ignores the snapshot and replays the stream instead.
/// </summary>
public sealed record Snapshot(StreamName Stream, long Version, int SchemaVersion, string Data, DateTimeOffset TakenAt);
