using System.Runtime.InteropServices;

namespace Stormline.Registry.Tests.Infrastructure;

/// <summary>POSIX signals to a child process; .NET can only kill (SIGKILL), and the CLI must be shown to stop on SIGTERM.</summary>
internal static partial class Signals
{
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Send(int pid, int signal);
}
