using System.Diagnostics;
using System.Globalization;

namespace Stormline.Bench.Measurement;

/// <summary>
/// Measures <see cref="CpuUsage"/> between <see cref="Start"/> and <see cref="Stop"/>: process CPU times from the
/// runtime, machine-wide busy time from <c>/proc/stat</c>.
/// </summary>
public sealed class CpuMeter
{
    private readonly Func<TimeSpan> _serverCpu;
    private TimeSpan _server0;
    private TimeSpan _self0;
    private (long Busy, long Total) _machine0;
    private long _start;

    private CpuMeter(Func<TimeSpan> serverCpu) => _serverCpu = serverCpu;

    public static CpuMeter Start(Func<TimeSpan> serverCpu)
    {
        var meter = new CpuMeter(serverCpu);
        meter._server0 = serverCpu();
        meter._self0 = SelfCpu();
        meter._machine0 = MachineJiffies();
        meter._start = Stopwatch.GetTimestamp();
        return meter;
    }

    /// <summary>Wall time since <see cref="Start"/>.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_start);

    public CpuUsage Stop()
    {
        var wall = Elapsed.TotalSeconds;
        var server = (_serverCpu() - _server0).TotalSeconds;
        var self = (SelfCpu() - _self0).TotalSeconds;
        var (busy, total) = MachineJiffies();
        var machineShare = total > _machine0.Total ? (double)(busy - _machine0.Busy) / (total - _machine0.Total) : 0;
        return new CpuUsage(
            wall > 0 ? 100 * server / wall : 0,
            wall > 0 ? 100 * self / wall : 0,
            100 * machineShare * Environment.ProcessorCount,
            server,
            self);
    }

    private static TimeSpan SelfCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>(busy, total) jiffies over all cores from the first line of /proc/stat; zeros where there is none.</summary>
    private static (long Busy, long Total) MachineJiffies()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First();
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
            var total = fields.Take(8).Sum();
            return (total - idle, total);
        }
        catch (IOException)
        {
            return (0, 0);
        }
    }
}
