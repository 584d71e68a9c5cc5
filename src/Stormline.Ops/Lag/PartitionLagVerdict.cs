namespace Stormline.Ops.Lag;

/// <summary>
/// The status of one partition of a group, with the window it was judged on: <see cref="Status"/> by Burrow's rules
/// on offsets, <see cref="TimeLagStatus"/> by <see cref="TimeLagRules"/> on lag in seconds (<see cref="LagSeconds"/>, the latest).
/// </summary>
public sealed record PartitionLagVerdict(
    string Topic,
    int Partition,
    LagStatus Status,
    long CurrentLag,
    long StartOffset,
    long EndOffset,
    int WindowSize,
    bool Complete,
    double? LagSeconds = null,
    LagStatus TimeLagStatus = LagStatus.NotFound);
