using System.Globalization;

namespace Stormline.Ops.Alerts;

/// <summary>
/// Asks each service's readiness endpoint (and, when given, reads its outbox age from its /metrics) once per
/// evaluation. Keeps the last results for the console and the <c>stormline_service_ready</c> gauge. Thread-safe.
/// </summary>
public sealed class ServiceHealthProbe(AlertOptions options, OutboxAgeReports outboxes, HttpClient? http = null, TimeProvider? time = null)
{
    private readonly HttpClient _http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private volatile IReadOnlyList<ServiceHealth> _latest = [];

    /// <summary>The last check of every service, in configuration order.</summary>
    public IReadOnlyList<ServiceHealth> Latest => _latest;

    public async Task<IReadOnlyList<ServiceHealth>> CheckAsync(CancellationToken cancellationToken = default)
    {
        var results = await Task.WhenAll(options.Services.Select(s => CheckAsync(s, cancellationToken)));
        _latest = results;
        return results;
    }

    private async Task<ServiceHealth> CheckAsync(ServiceEndpoint service, CancellationToken cancellationToken)
    {
        ServiceHealth health;
        try
        {
            using var response = await _http.GetAsync(service.HealthUrl, cancellationToken);
            health = new ServiceHealth(service.Name, response.IsSuccessStatusCode, _time.GetUtcNow(), $"HTTP {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            health = new ServiceHealth(service.Name, false, _time.GetUtcNow(), ex.Message);
        }

        if (health.Ready && service.MetricsUrl is not null)
        {
            await ReadOutboxAgeAsync(service, cancellationToken);
        }

        return health;
    }

    private async Task ReadOutboxAgeAsync(ServiceEndpoint service, CancellationToken cancellationToken)
    {
        try
        {
            var text = await _http.GetStringAsync(service.MetricsUrl, cancellationToken);
            if (ParseMax(text, DefaultAlertRules.OutboxAgeMetric) is { } seconds)
            {
                outboxes.Report(service.Name, TimeSpan.FromSeconds(seconds), (long)(ParseMax(text, DefaultAlertRules.OutboxParkedMetric) ?? 0));
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // No outbox figure this round; readiness already says whether the service answers.
        }
    }

    /// <summary>The largest sample of <paramref name="metric"/> in a Prometheus text exposition, or null.</summary>
    internal static double? ParseMax(string exposition, string metric)
    {
        double? max = null;
        foreach (var line in exposition.Split('\n'))
        {
            if (!line.StartsWith(metric, StringComparison.Ordinal)
                || line.Length == metric.Length
                || line[metric.Length] is not (' ' or '{'))
            {
                continue;
            }

            var parts = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ');
            if (double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                max = Math.Max(max ?? value, value);
            }
        }

        return max;
    }
}
