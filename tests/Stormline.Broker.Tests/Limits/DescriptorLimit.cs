using System.Diagnostics;
using System.Globalization;

namespace Stormline.Broker.Tests.Limits;

/// <summary>
/// The open-files limit (RLIMIT_NOFILE) of another process of this user, through /proc and util-linux's prlimit, so a
/// test can run a broker process out of file descriptors without touching its own.
/// </summary>
internal static class DescriptorLimit
{
    /// <summary>The process whose command line holds every one of <paramref name="arguments"/>.</summary>
    public static int ProcessWith(params string[] arguments)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
                if (arguments.All(commandLine.Contains))
                {
                    return pid;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours.
            }
        }

        throw new InvalidOperationException($"no process with {string.Join(' ', arguments)}");
    }

    /// <summary>The highest descriptor number in use: a soft limit above it leaves the free numbers below it plus the difference.</summary>
    public static int Highest(int pid) =>
        Directory.EnumerateFiles($"/proc/{pid}/fd").Max(f => int.Parse(Path.GetFileName(f), CultureInfo.InvariantCulture));

    public static (long Soft, long Hard) Get(int pid)
    {
        var line = File.ReadAllLines($"/proc/{pid}/limits").Single(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(fields[0], CultureInfo.InvariantCulture), long.Parse(fields[1], CultureInfo.InvariantCulture));
    }

    public static void Set(int pid, long soft, long hard)
    {
        var start = new ProcessStartInfo("prlimit") { RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--pid");
        start.ArgumentList.Add(pid.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add($"--nofile={soft}:{hard}");
        using var prlimit = Process.Start(start) ?? throw new InvalidOperationException("prlimit did not start");
        var error = prlimit.StandardError.ReadToEnd();
        prlimit.WaitForExit();
        Assert.True(prlimit.ExitCode == 0, $"prlimit failed: {error}");
        Assert.Equal(soft, Get(pid).Soft);
    }
}
