using Microsoft.Extensions.Logging.Abstractions;
using Stormline.Broker.Log;

namespace Stormline.Broker.Tests.Log;

/// <summary>A temporary partition directory for one test, removed afterwards.</summary>
public sealed class LogDirectory : IDisposable
{
    public LogDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "stormline-log-" + Guid.NewGuid().ToString("N"), "topic-0");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public PartitionLog Open(LogConfig? config = null, TimeProvider? time = null, LogFileSystem? fileSystem = null) =>
        PartitionLog.Open(Path, "topic", 0, config ?? new LogConfig(), NullLogger.Instance, time, fileSystem);

    public string File(long offset, string suffix) => System.IO.Path.Combine(Path, LogFiles.FileName(offset, suffix));

    /// <summary>
    /// What a SIGKILL leaves behind: a copy of the files as the OS holds them right now, without anything the
    /// process kept in memory (pending index entries, a clean close).
    /// </summary>
    public LogDirectory CrashImage()
    {
        var copy = new LogDirectory();
        foreach (var file in Directory.GetFiles(Path))
        {
            try
            {
                System.IO.File.Copy(file, System.IO.Path.Combine(copy.Path, System.IO.Path.GetFileName(file)));
            }
            catch (FileNotFoundException)
            {
                // A temporary file the background roll flush renamed meanwhile: a crash could leave either state.
            }
        }

        return copy;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(System.IO.Path.GetDirectoryName(Path)!, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
