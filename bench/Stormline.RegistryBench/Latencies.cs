using System.Diagnostics;

namespace Stormline.RegistryBench;

/// <summary>Per-call latencies of one workload, and its rate over the wall-clock time it ran. Thread-safe adds.</summary>
public sealed class Latencies
{
    private readonly List<double> _micros = [];

    public TimeSpan Elapsed { get; set; }

    public int Count => _micros.Count;

    public double PerSecond => Count / Elapsed.TotalSeconds;

    public void Add(long startTimestamp)
    {
        var micros = Stopwatch.GetElapsedTime(startTimestamp).TotalMicroseconds;
        lock (_micros)
        {
            _micros.Add(micros);
        }
    }

    public double Percentile(double p)
    {
        lock (_micros)
        {
            _micros.Sort();
            return _micros.Count == 0 ? double.NaN : _micros[Math.Min(_micros.Count - 1, (int)Math.Ceiling(p / 100 * _micros.Count) - 1)];
        }
    }

    /// <summary>Runs <paramref name="call"/> <paramref name="total"/> times over <paramref name="clients"/> concurrent callers, timing each.</summary>
    public static async Task<Latencies> MeasureAsync(int total, int clients, Func<int, Task> call)
    {
        var result = new Latencies();
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                var start = Stopwatch.GetTimestamp();
                await call(i);
                result.Add(start);
            }
        })));
        result.Elapsed = clock.Elapsed;
        return result;
    }
}
