using System.Diagnostics;

namespace Stormline.Console.Health;

/// <summary>Asks each configured service's health URL, all at once with a short timeout; a service that is down is a row, not an error.</summary>
internal sealed class ServiceHealth(ConsoleOptions options, HttpClient http)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<IReadOnlyList<ServiceHealthRow>> CheckAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(options.HealthChecks.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => CheckAsync(h.Key, h.Value, cancellationToken)));

    private async Task<ServiceHealthRow> CheckAsync(string name, string url, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            using var response = await http.GetAsync(url, timeout.Token);
            var status = response.IsSuccessStatusCode ? "healthy" : "unhealthy";
            return new ServiceHealthRow(name, url, status, (int)response.StatusCode, clock.ElapsedMilliseconds, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            return new ServiceHealthRow(name, url, "down", null, clock.ElapsedMilliseconds, ex is OperationCanceledException ? $"no answer in {Timeout.TotalSeconds:0} s" : ex.Message);
        }
    }
}

internal sealed record ServiceHealthRow(string Name, string Url, string Status, int? HttpStatus, long Milliseconds, string? Error);
