namespace Stormline.Broker.Log;

/// <summary>File names of a partition's log directory, as Kafka names them: the base offset padded to 20 digits.</summary>
public static class LogFiles
{
    public const string LogSuffix = ".log";
    public const string IndexSuffix = ".index";
    public const string TimeIndexSuffix = ".timeindex";
    public const string CleanShutdownFile = ".clean-shutdown";

    public static string SegmentFileName(long baseOffset) => baseOffset.ToString("D20", System.Globalization.CultureInfo.InvariantCulture) + LogSuffix;

    public static string PartitionDirectoryName(string topic, int partition) => $"{topic}-{partition}";

    public static bool TryParseBaseOffset(string fileName, out long baseOffset)
    {
        baseOffset = 0;
        return fileName.EndsWith(LogSuffix, StringComparison.Ordinal)
            && long.TryParse(Path.GetFileNameWithoutExtension(fileName), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out baseOffset);
    }
}
