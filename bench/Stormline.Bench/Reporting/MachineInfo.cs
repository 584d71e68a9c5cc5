using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Stormline.Bench.Reporting;

/// <summary>What the results were measured on: cores, CPU model, memory, kernel, OS, .NET, the peers' versions and the load.</summary>
public sealed record MachineInfo(int Cores, string CpuModel, string Memory, string Kernel, string OperatingSystem, string DotNet, IReadOnlyList<string> ServerVersions)
{
    public static MachineInfo Collect() => new(
        Environment.ProcessorCount,
        FirstValue("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        FirstValue("/proc/meminfo", "MemTotal") is { } kb ? $"{long.Parse(kb.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024.0 / 1024.0:0.0} GiB" : "unknown",
        ReadOrUnknown("/proc/sys/kernel/osrelease"),
        FirstValue("/etc/os-release", "PRETTY_NAME")?.Trim('"') ?? RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        [Run("redis-server", "--version"), Run("nats-server", "--version"), Run("kcat", "-V").Split('\n')[0]]);

    /// <summary><c>/proc/loadavg</c>'s three load averages, as <c>uptime</c> prints them.</summary>
    public static string LoadAverage()
    {
        var fields = ReadOrUnknown("/proc/loadavg").Split(' ');
        return fields.Length >= 3 ? $"{fields[0]}, {fields[1]}, {fields[2]}" : "unknown";
    }

    private static string ReadOrUnknown(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : "unknown";

    private static string? FirstValue(string path, string key)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadLines(path))
        {
            var separator = line.IndexOfAny([':', '=']);
            if (separator > 0 && line[..separator].Trim() == key)
            {
                return line[(separator + 1)..].Trim();
            }
        }

        return null;
    }

    private static string Run(string file, string argument)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, argument) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
            if (process is null)
            {
                return $"{file}: not found";
            }

            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return output.Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return $"{file}: not installed";
        }
    }
}
