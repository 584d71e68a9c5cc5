using System.Globalization;

namespace Stormline.Cli.Load;

/// <summary>
/// A service's CPU seconds as its /metrics reports them (<c>process_cpu_time_seconds_total</c>, user + system), read
/// before and after a run: the services' CPU per order without access to their processes, wherever they run. Behind a
/// load balancer it is the CPU of whichever replica answered.
/// </summary>
public sealed record ServiceCpu(string Service, double? Seconds)
{
    private const string Metric = "process_cpu_time_seconds_total";

    public static async Task<IReadOnlyList<ServiceCpu>> ReadAsync(HttpClient http, IEnumerable<(string Service, string Url)> services, CancellationToken cancellationToken)
    {
        var reads = services.Select(async s => new ServiceCpu(s.Service, await ReadOne(http, s.Url, cancellationToken)));
        return await Task.WhenAll(reads);
    }

    private static async Task<double?> ReadOne(HttpClient http, string url, CancellationToken cancellationToken)
    {
        try
        {
            var text = await http.GetStringAsync($"{url.TrimEnd('/')}/metrics", cancellationToken);
            return Parse(text);
        }
        catch (HttpRequestException)
        {
            return null; // not reachable (or no /metrics): the report says n/a instead of failing the run
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The sum of the metric's samples (one per cpu.mode) in Prometheus text; null when absent.</summary>
    public static double? Parse(string exposition)
    {
        double? total = null;
        foreach (var line in exposition.Split('\n'))
        {
            if (!line.StartsWith(Metric, StringComparison.Ordinal) || line.Length == Metric.Length || line[Metric.Length] is not ('{' or ' ')) continue;
            // name{labels} value [timestamp]: the value is the first token after the labels
            var rest = line[Metric.Length] == '{' ? line[(line.IndexOf('}', StringComparison.Ordinal) + 1)..] : line[Metric.Length..];
            var value = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)) total = (total ?? 0) + seconds;
        }
        return total;
    }
}
