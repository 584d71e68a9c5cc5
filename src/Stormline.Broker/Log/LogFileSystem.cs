using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Stormline.Broker.Log;

/// <summary>
/// The durability calls of the log layer, fsync of a file and of a directory, in one place so that a test can make
/// them fail as a failing disk does (the seam the fsync tests use). <see cref="Default"/> does them for real.
/// A directory is fsynced after a file in it was created or renamed: until then the file's name may not survive a
/// power loss even though its data does.
/// </summary>
public class LogFileSystem
{
    private const int ReadOnly = 0; // O_RDONLY: enough to fsync a directory, and the same number everywhere

    public static LogFileSystem Default { get; } = new();

    public virtual void Fsync(SafeFileHandle file) => RandomAccess.FlushToDisk(file);

    /// <exception cref="IOException">The directory could not be opened or fsynced.</exception>
    public virtual void FsyncDirectory(string directory)
    {
        // Only POSIX systems need (and allow) it; Windows makes metadata durable with the file.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = NativeMethods.Open(directory, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"Could not open directory {directory} to fsync it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (NativeMethods.Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory {directory} failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = NativeMethods.Close(fd);
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
        public static extern int Fsync(int fd);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        public static extern int Close(int fd);
    }
}
