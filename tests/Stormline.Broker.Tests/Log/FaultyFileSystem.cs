using Microsoft.Win32.SafeHandles;
using Stormline.Broker.Log;

namespace Stormline.Broker.Tests.Log;

/// <summary>
/// The log layer's file-system seam as a failing disk: fsyncs throw <see cref="IOException"/> while
/// <see cref="Failing"/> is set, and can be held until <see cref="Release"/> to stand for a slow disk. Counts what ran.
/// </summary>
public sealed class FaultyFileSystem : LogFileSystem
{
    private readonly SemaphoreSlim _entered = new(0);
    private readonly ManualResetEventSlim _released = new(initialState: true);
    private int _fileFsyncs;
    private int _directoryFsyncs;

    public bool Failing { get; set; }

    /// <summary>File fsyncs that completed (returned without an error).</summary>
    public int FileFsyncs => Volatile.Read(ref _fileFsyncs);

    public int DirectoryFsyncs => Volatile.Read(ref _directoryFsyncs);

    /// <summary>From now on every file fsync waits inside the seam until <see cref="Release"/>.</summary>
    public void Hold() => _released.Reset();

    public void Release() => _released.Set();

    /// <summary>Waits until a file fsync has entered the seam.</summary>
    public Task<bool> EnteredAsync(TimeSpan timeout) => _entered.WaitAsync(timeout);

    public override void Fsync(SafeFileHandle file)
    {
        _entered.Release();
        _released.Wait();
        if (Failing)
        {
            throw new IOException("injected fsync failure (EIO)");
        }

        base.Fsync(file);
        Interlocked.Increment(ref _fileFsyncs);
    }

    public override void FsyncDirectory(string directory)
    {
        if (Failing)
        {
            throw new IOException("injected directory fsync failure (EIO)");
        }

        base.FsyncDirectory(directory);
        Interlocked.Increment(ref _directoryFsyncs);
    }
}
