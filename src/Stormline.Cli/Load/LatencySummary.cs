namespace Stormline.Cli.Load;

/// <summary>Percentiles (nearest rank) of a set of latencies in milliseconds.</summary>
public sealed record LatencySummary(int Count, double P50, double P90, double P99, double Max)
{
    public static LatencySummary Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new LatencySummary(0, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LatencySummary(sorted.Length, Rank(0.50), Rank(0.90), Rank(0.99), sorted[^1]);
    }

    public override string ToString() => Count == 0
        ? "no samples"
        : $"p50 {P50,7:0.0} ms   p90 {P90,7:0.0} ms   p99 {P99,7:0.0} ms   max {Max,7:0.0} ms   (n={Count})";
}
