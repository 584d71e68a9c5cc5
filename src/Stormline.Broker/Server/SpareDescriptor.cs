using Microsoft.Win32.SafeHandles;

namespace Stormline.Broker.Server;

/// <summary>
/// One file descriptor held in reserve (/dev/null). Out of descriptors, accept fails and leaves the client waiting in
/// the listen backlog; releasing the spare frees one, so the accept loop can take that client and close it cleanly,
/// then reopen the spare. Nothing on Windows, whose accept does not fail this way. Thread-safe.
/// </summary>
internal sealed class SpareDescriptor : IDisposable
{
    private SafeFileHandle? _handle;

    public SpareDescriptor() => Reopen();

    /// <summary>Closes the spare; false when none was held (then there is no descriptor to free).</summary>
    public bool Release()
    {
        var handle = Interlocked.Exchange(ref _handle, null);
        handle?.Dispose();
        return handle is not null;
    }

    /// <summary>Takes a descriptor again if none is held; false while the process is still out of them (then it stays empty).</summary>
    public bool Reopen()
    {
        if (OperatingSystem.IsWindows() || Volatile.Read(ref _handle) is not null)
        {
            return true;
        }

        try
        {
            var handle = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Read);
            if (Interlocked.CompareExchange(ref _handle, handle, null) is not null)
            {
                handle.Dispose();
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public void Dispose() => Release();
}
