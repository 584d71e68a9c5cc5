using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Stormline.Broker.Log;

/// <summary>
/// Reserves disk blocks past the end of an active segment before appends reach them, and gives back what is left
/// once the segment stops growing. Without it every append that extends the file pays ext4's delayed allocation
/// (block reservation, extent-status lookups and inserts) inside <c>write()</c>, the largest part of the kernel's
/// write cost after the copy itself. The reservation keeps the file's length (FALLOC_FL_KEEP_SIZE), so readers,
/// recovery after a crash and <c>LogSegment.Size</c> see exactly the bytes written; only the blocks are allocated.
/// Best effort: where the platform or file system has no fallocate (Windows, some network file systems) or the
/// disk is full, nothing is reserved and the write itself reports any real error, as before.
/// </summary>
internal static class SegmentPreallocation
{
    private const int KeepSize = 0x01; // FALLOC_FL_KEEP_SIZE
    private const int PunchHole = 0x02; // FALLOC_FL_PUNCH_HOLE (only with KEEP_SIZE)

    /// <summary>Allocates [<paramref name="offset"/>, +<paramref name="length"/>) without changing the file's length.</summary>
    public static bool Reserve(SafeFileHandle file, long offset, long length) => Call(file, KeepSize, offset, length);

    /// <summary>Frees whatever is allocated in [<paramref name="offset"/>, +<paramref name="length"/>) past the data.</summary>
    public static bool Release(SafeFileHandle file, long offset, long length) => Call(file, KeepSize | PunchHole, offset, length);

    private static bool Call(SafeFileHandle file, int mode, long offset, long length)
    {
        if (!OperatingSystem.IsLinux() || length <= 0 || file.IsClosed)
        {
            return false;
        }

        var added = false;
        try
        {
            file.DangerousAddRef(ref added);
            return NativeMethods.Fallocate((int)file.DangerousGetHandle(), mode, offset, length) == 0;
        }
        catch (Exception ex) when (ex is ObjectDisposedException or DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "fallocate", SetLastError = true)]
        public static extern int Fallocate(int fd, int mode, long offset, long length);
    }
}
