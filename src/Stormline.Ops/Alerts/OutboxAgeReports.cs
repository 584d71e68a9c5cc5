using System.Collections.Concurrent;

namespace Stormline.Ops.Alerts;

/// <summary>
/// The hook for outbox ages: a service in the same process (or anything that reads a service's metrics) calls
/// <see cref="Report"/>; the outbox rule reads <see cref="Current"/>. Reports older than
/// <see cref="StaleAfter"/> are ignored, so a service that went away stops counting here (its readiness alerts instead).
/// Thread-safe.
/// </summary>
public sealed class OutboxAgeReports(TimeProvider? time = null)
{
    private readonly ConcurrentDictionary<string, OutboxAge> _reports = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Records the age of <paramref name="service"/>'s oldest unpublished outbox row (zero when empty) and its parked rows.</summary>
    public void Report(string service, TimeSpan age, long parked = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        _reports[service] = new OutboxAge(service, age < TimeSpan.Zero ? TimeSpan.Zero : age, _time.GetUtcNow(), Math.Max(0, parked));
    }

    public IReadOnlyList<OutboxAge> Current()
    {
        var now = _time.GetUtcNow();
        return _reports.Values.Where(r => now - r.ReportedAt <= StaleAfter).OrderBy(r => r.Service, StringComparer.Ordinal).ToList();
    }
}
