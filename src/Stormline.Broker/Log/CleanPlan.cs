namespace Stormline.Broker.Log;

/// <summary>
/// What one pass of the log cleaner works on in a partition, chosen under the partition lock: the segments cleaned
/// before (below <see cref="FirstDirtyOffset"/>), the closed segments written since that are old enough
/// (min.compaction.lag.ms), and where the cleanable part ends. The active segment is never in it.
/// </summary>
internal sealed record CleanPlan(
    LogConfig Config,
    long FirstDirtyOffset,
    IReadOnlyList<LogSegment> Clean,
    IReadOnlyList<LogSegment> Dirty,
    long FirstUncleanableOffset,
    double DirtyRatio);
