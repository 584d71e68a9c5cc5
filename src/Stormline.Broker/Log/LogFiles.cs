using System.Globalization;

namespace Stormline.Broker.Log;

/// <summary>
/// File names of a partition's log directory, as Kafka names them: a segment's files share its base offset padded
/// to 20 digits (<c>00000000000000000042.log</c>, <c>.index</c>, <c>.timeindex</c>), a producer-state snapshot
/// carries the offset it covers up to (<c>.snapshot</c>).
/// </summary>
public static class LogFiles
{
    public const string LogSuffix = ".log";
    public const string IndexSuffix = ".index";
    public const string TimeIndexSuffix = ".timeindex";
    public const string SnapshotSuffix = ".snapshot";

    /// <summary>Suffix of a file being written; it replaces its target with a rename once complete.</summary>
    public const string TempSuffix = ".tmp";

    /// <summary>A segment file the log cleaner is writing (<c>.log.cleaned</c>, <c>.index.cleaned</c>, ...); deleted when found on open.</summary>
    public const string CleanedSuffix = ".cleaned";

    /// <summary>
    /// A cleaned segment file that is complete and fsynced and replaces its original: once <c>BASE.log.swap</c> exists the
    /// swap is decided, and opening the log finishes it by renaming every <c>.swap</c> file over its original.
    /// </summary>
    public const string SwapSuffix = ".swap";

    /// <summary>Per partition: the first offset the log cleaner has not cleaned yet (absent until it first cleans).</summary>
    public const string CleanerCheckpointFile = "cleaner-offset-checkpoint";

    /// <summary>Per partition: the offset below which every segment, index and snapshot was fsynced.</summary>
    public const string RecoveryPointFile = "recovery-point-offset-checkpoint";

    /// <summary>Per partition: the log start offset DeleteRecords set (absent until it is first used).</summary>
    public const string LogStartOffsetFile = "log-start-offset-checkpoint";

    public static string FileName(long offset, string suffix) => offset.ToString("D20", CultureInfo.InvariantCulture) + suffix;

    public static string SegmentFileName(long baseOffset) => FileName(baseOffset, LogSuffix);

    public static string PartitionDirectoryName(string topic, int partition) => $"{topic}-{partition}";

    public static bool TryParseBaseOffset(string fileName, out long baseOffset) => TryParseOffset(fileName, LogSuffix, out baseOffset);

    /// <summary>Reads the offset out of a name like <c>00000000000000000042.snapshot</c>.</summary>
    public static bool TryParseOffset(string fileName, string suffix, out long offset)
    {
        offset = 0;
        return fileName.EndsWith(suffix, StringComparison.Ordinal)
            && long.TryParse(fileName.AsSpan(0, fileName.Length - suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out offset);
    }
}
