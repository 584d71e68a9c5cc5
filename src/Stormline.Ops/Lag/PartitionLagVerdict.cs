namespace Stormline.Ops.Lag;

/// <summary>The status of one partition of a group, with the window it was judged on.</summary>
public sealed record PartitionLagVerdict(
    string Topic,
    int Partition,
    LagStatus Status,
    long CurrentLag,
    long StartOffset,
    long EndOffset,
    int WindowSize,
    bool Complete);
