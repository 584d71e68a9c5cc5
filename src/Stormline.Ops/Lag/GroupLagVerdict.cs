namespace Stormline.Ops.Lag;

/// <summary>
/// A group's status as Burrow gives it: its worst partition's, capped at ERR (STOP, STALL and REWIND all read ERR at
/// group level); <see cref="Has"/> tells which partition statuses are present. <see cref="Complete"/> is the share of
/// partitions whose window was full, Burrow's "complete".
/// </summary>
public sealed record GroupLagVerdict(string GroupId, LagStatus Status, long TotalLag, double Complete, IReadOnlyList<PartitionLagVerdict> Partitions)
{
    /// <summary>The partition with the most lag, or null for a group with no partitions.</summary>
    public PartitionLagVerdict? MaxLagPartition => Partitions.Count == 0 ? null : Partitions.MaxBy(p => p.CurrentLag);

    public bool IsHealthy => Status is LagStatus.Ok or LagStatus.NotFound;

    /// <summary>Whether any partition of the group is in <paramref name="status"/>: a STOP is seen beside a STALL elsewhere.</summary>
    public bool Has(LagStatus status) => Partitions.Any(p => p.Status == status);
}
