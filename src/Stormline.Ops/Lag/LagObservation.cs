namespace Stormline.Ops.Lag;

/// <summary>
/// One partition of one group at one poll: the committed offset, the lag, and whether a live member held the
/// partition. A window of these, oldest first, is what the Burrow rules judge.
/// </summary>
public readonly record struct LagObservation(DateTimeOffset At, long CommittedOffset, long Lag, bool Assigned);
