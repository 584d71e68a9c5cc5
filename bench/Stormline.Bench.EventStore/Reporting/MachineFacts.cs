using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Stormline.Bench.EventStore.Reporting;

/// <summary>The facts a reader needs to weigh the numbers: cores, memory, load, runtime.</summary>
public static class MachineFacts
{
    public static string Describe() =>
        $"`nproc` {Run("nproc").Trim()}; `free -g`: {FreeLine()}; {RuntimeInformation.OSDescription}; .NET {Environment.Version}; load {Load()}";

    public static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static string FreeLine()
    {
        var line = Run("free", "-g").Split('\n').FirstOrDefault(l => l.StartsWith("Mem:", StringComparison.Ordinal));
        var parts = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts is { Length: > 3 } ? $"{parts[1]} GiB total, {parts[3]} GiB free" : "?";
    }

    private static string Run(string program, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in arguments) start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }
}
