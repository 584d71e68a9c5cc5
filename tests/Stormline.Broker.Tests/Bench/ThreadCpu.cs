using System.Globalization;

namespace Stormline.Broker.Tests.Bench;

/// <summary>
/// CPU time of the calling thread, from the first field of Linux's /proc/thread-self/schedstat (nanoseconds on a
/// CPU): on a shared two-core machine wall time mostly measures the neighbours, CPU time measures the code.
/// </summary>
internal static class ThreadCpu
{
    public static TimeSpan Now()
    {
        try
        {
            var text = File.ReadAllText("/proc/thread-self/schedstat");
            return TimeSpan.FromTicks(long.Parse(text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal)), CultureInfo.InvariantCulture) / 100);
        }
        catch (IOException)
        {
            return TimeSpan.Zero;
        }
    }
}
