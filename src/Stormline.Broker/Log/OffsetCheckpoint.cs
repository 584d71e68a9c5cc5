using System.Globalization;

namespace Stormline.Broker.Log;

/// <summary>
/// One offset of a partition kept in a small file of its directory (Kafka keeps the same per log directory):
/// <list type="bullet">
/// <item><see cref="LogFiles.RecoveryPointFile"/>: every segment that ends at or below it, with its index files and
/// producer snapshot, was fsynced, so a restart trusts those and CRC-scans only what lies above. It advances when a
/// rolled segment has been flushed and, on a clean close, to the log end offset, which lets a clean restart skip the
/// scan altogether.</item>
/// <item><see cref="LogFiles.LogStartOffsetFile"/>: where DeleteRecords moved the log start inside a segment.</item>
/// </list>
/// File format: a version line (0) and the offset line. Thread-safe: static and stateless.
/// </summary>
internal static class OffsetCheckpoint
{
    private const string Version = "0";

    /// <summary>The stored offset, or 0 when the file is missing or unreadable (for the recovery point: scan everything).</summary>
    public static long Read(string directory, string fileName)
    {
        var path = Path.Combine(directory, fileName);
        if (!File.Exists(path))
        {
            // The common case for a new partition; an exception per partition adds up when thousands are created.
            return 0;
        }

        try
        {
            var lines = File.ReadAllLines(path);
            return lines.Length >= 2 && lines[0] == Version && long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset) ? offset : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Replaces the checkpoint durably (<see cref="DurableFile"/>).</summary>
    public static void Write(string directory, string fileName, long offset) =>
        DurableFile.Replace(Path.Combine(directory, fileName), System.Text.Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Version}\n{offset}\n")));
}
