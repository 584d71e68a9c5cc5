namespace Stormline.Ops.Lag;

/// <summary>
/// One partition of one group at one poll: the committed offset, the lag, whether a live member held the partition,
/// and the partition's latest offset then (-1 when unknown; Burrow's broker offsets, for its recent-zero-lag guard).
/// A window of these, oldest first, is what the Burrow rules judge.
/// </summary>
public readonly record struct LagObservation(DateTimeOffset At, long CommittedOffset, long Lag, bool Assigned, long LatestOffset = -1);
