using Stormline.Ops.Collecting;
using Stormline.Ops.Lag;

namespace Stormline.Ops.Alerts;

/// <summary>Everything the built-in rules look at, as of <see cref="Now"/>. Immutable; tests build it by hand.</summary>
public sealed record AlertContext(
    DateTimeOffset Now,
    IReadOnlyList<ClusterSnapshot> History,
    IReadOnlyDictionary<string, GroupLagVerdict> Lag,
    IReadOnlyList<ServiceHealth> Services,
    IReadOnlyList<OutboxAge> Outboxes,
    IReadOnlyList<DiskSpace> Disks)
{
    public ClusterSnapshot? Latest => History.Count == 0 ? null : History[^1];

    /// <summary>The newest snapshot taken at or before <paramref name="time"/>; null when the history does not reach back that far.</summary>
    public ClusterSnapshot? At(DateTimeOffset time)
    {
        for (var i = History.Count - 1; i >= 0; i--)
        {
            if (History[i].TakenAt <= time)
            {
                return History[i];
            }
        }

        return null;
    }

    /// <summary>The snapshot <paramref name="window"/> ago, or the oldest held when the history is shorter (a range query over what exists).</summary>
    public ClusterSnapshot? AgoOrOldest(TimeSpan window) => At(Now - window) ?? (History.Count == 0 ? null : History[0]);
}
