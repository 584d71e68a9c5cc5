namespace Stormline.Broker.Groups;

/// <summary>
/// A committed position of one group in one partition, as OffsetCommit sent it: the offset, the leader epoch
/// (v6+, -1 otherwise), the client's metadata string (kept verbatim, null included) and when it was committed.
/// </summary>
internal readonly record struct CommittedOffset(long Offset, int LeaderEpoch, string? Metadata, long CommitTimestampMs);
