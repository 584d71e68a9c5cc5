using System.Diagnostics;

namespace Stormline.Broker.Tests.Bench;

/// <summary>Wall time and the thread's CPU time of one measured step.</summary>
internal sealed class BenchClock
{
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private TimeSpan _cpu = ThreadCpu.Now();

    public TimeSpan Wall => _wall.Elapsed;

    public TimeSpan Cpu => ThreadCpu.Now() - _cpu;

    public void Restart()
    {
        _wall.Restart();
        _cpu = ThreadCpu.Now();
    }

    /// <summary>"N per second of CPU (N per second of wall time)".</summary>
    public string Rate(double count, string unit) =>
        $"{count / Cpu.TotalSeconds:N0} {unit}/s of CPU ({count / Wall.TotalSeconds:N0}/s wall), {Cpu.TotalMicroseconds / count:F2} us CPU each";
}
