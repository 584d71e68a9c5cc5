namespace Stormline.Ops.Lag;

/// <summary>
/// A group's status: its worst partition's (by Burrow's numbering). <see cref="Complete"/> is the share of
/// partitions whose window was full, Burrow's "complete".
/// </summary>
public sealed record GroupLagVerdict(string GroupId, LagStatus Status, long TotalLag, double Complete, IReadOnlyList<PartitionLagVerdict> Partitions)
{
    /// <summary>The partition with the most lag, or null for a group with no partitions.</summary>
    public PartitionLagVerdict? MaxLagPartition => Partitions.Count == 0 ? null : Partitions.MaxBy(p => p.CurrentLag);

    public bool IsHealthy => Status is LagStatus.Ok or LagStatus.NotFound;
}
