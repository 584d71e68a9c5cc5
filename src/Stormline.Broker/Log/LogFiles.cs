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
