namespace Stormline.Broker.Log;

/// <summary>
/// Replaces a small file so that a crash or power loss leaves either the old or the new content, whole: write a
/// temporary file, fsync it, rename it over the target, fsync the directory (without that the rename itself may be
/// lost). Thread-safe as long as one caller at a time writes a given path.
/// </summary>
internal static class DurableFile
{
    /// <exception cref="IOException">Nothing, or only the temporary file, was written.</exception>
    public static void Replace(string path, ReadOnlySpan<byte> content)
    {
        var temp = path + LogFiles.TempSuffix;
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        LogFileSystem.Default.FsyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }
}
