namespace Stormline.EventSourcing.Streams;

/// <summary>The stream's version after an append (pass it back as the next expected version) and the last event's global position.</summary>
public sealed record AppendResult(long LastVersion, long LastPosition);
