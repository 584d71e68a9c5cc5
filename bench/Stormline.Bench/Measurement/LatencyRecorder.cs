using System.Diagnostics;

namespace Stormline.Bench.Measurement;

/// <summary>
/// Collects end-to-end latencies (send to receive, measured with <see cref="Stopwatch"/> ticks in one process) and
/// reports percentiles. Samples sent before <see cref="WarmupEndsAt"/> are counted but not kept (none are kept
/// until it is set). Thread-safe.
/// </summary>
public sealed class LatencyRecorder(int capacity)
{
    private long _warmupEndsAt = long.MaxValue;

    private readonly List<long> _ticks = new(capacity);
    private readonly Lock _gate = new();
    private long _received;
    private long _worstTicks;
    private long _worstSentAt;

    public long Received => Interlocked.Read(ref _received);

    /// <summary>The Stopwatch timestamp from which sent messages count.</summary>
    public long WarmupEndsAt
    {
        get => Interlocked.Read(ref _warmupEndsAt);
        set => Interlocked.Exchange(ref _warmupEndsAt, value);
    }

    public int Samples
    {
        get
        {
            lock (_gate)
            {
                return _ticks.Count;
            }
        }
    }

    /// <summary>Records a message whose payload carried <paramref name="sentAt"/> (a Stopwatch timestamp).</summary>
    public void Record(long sentAt)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _received);
        if (sentAt < WarmupEndsAt)
        {
            return;
        }

        lock (_gate)
        {
            _ticks.Add(now - sentAt);
            if (now - sentAt > _worstTicks)
            {
                _worstTicks = now - sentAt;
                _worstSentAt = sentAt;
            }
        }
    }

    /// <summary>Seconds after the end of the warm-up at which the slowest message was sent (to line stalls up with other events).</summary>
    public double WorstSentAfterWarmupSeconds
    {
        get
        {
            lock (_gate)
            {
                return (double)(_worstSentAt - WarmupEndsAt) / Stopwatch.Frequency;
            }
        }
    }

    /// <summary>How many measured messages took longer than <paramref name="thresholdMs"/>.</summary>
    public int CountOver(double thresholdMs)
    {
        var limit = (long)(thresholdMs / 1000 * Stopwatch.Frequency);
        lock (_gate)
        {
            return _ticks.Count(t => t > limit);
        }
    }

    /// <summary>The latency in milliseconds at <paramref name="quantile"/> (0..1), nearest-rank; NaN with no samples.</summary>
    public LatencySummary Summarize()
    {
        long[] sorted;
        lock (_gate)
        {
            sorted = [.. _ticks];
        }

        Array.Sort(sorted);
        double At(double q) => sorted.Length == 0 ? double.NaN : ToMs(sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)]);
        return new LatencySummary(sorted.Length, At(0.5), At(0.99), At(0.999), sorted.Length == 0 ? double.NaN : ToMs(sorted[^1]));
    }

    private static double ToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
