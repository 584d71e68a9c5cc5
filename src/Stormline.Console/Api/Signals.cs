using Stormline.Ops.Alerts;
using Stormline.Ops.Collecting;
using Stormline.Ops.Lag;

namespace Stormline.OpsConsole.Api;

/// <summary>
/// Trends and verdicts read from the ops collector's bounded history: cluster throughput and lag over time, a
/// group's lag per partition over time, Burrow-style lag statuses, and the alerts that are not resolved.
/// </summary>
internal sealed class Signals(ClusterCollector collector, LagMonitor lag, AlertEvaluator alerts)
{
    /// <summary>Points per sparkline; at the default 10 s poll, the last ten minutes.</summary>
    public const int Points = 60;

    public ClusterTrend Cluster()
    {
        var history = Recent();
        var throughput = history.Zip(history.Skip(1), (a, b) =>
        {
            var seconds = Math.Max(0.001, (b.TakenAt - a.TakenAt).TotalSeconds);
            return new TrendPoint(b.TakenAt, Math.Max(0, b.Topics.Sum(t => t.LatestOffsetSum) - a.Topics.Sum(t => t.LatestOffsetSum)) / seconds);
        }).ToList();
        var totalLag = history.Select(s => new TrendPoint(s.TakenAt, s.Groups.Sum(g => g.TotalLag))).ToList();
        var statuses = lag.Verdicts.Values.GroupBy(v => Status(v.Status)).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new ClusterTrend(collector.Latest?.TakenAt, throughput, totalLag, statuses, collector.LastError?.Message);
    }

    public GroupTrend Group(string group)
    {
        var verdict = lag.Find(group);
        var history = Recent();
        var partitions = history.SelectMany(s => s.FindGroup(group)?.Offsets ?? []).Select(o => o.Key).Distinct()
            .OrderBy(k => k.Topic, StringComparer.Ordinal).ThenBy(k => k.Partition)
            .Select(k => new PartitionTrend(k.Topic, k.Partition,
                verdict.Partitions.FirstOrDefault(p => p.Topic == k.Topic && p.Partition == k.Partition) is { } p ? Status(p.Status) : null,
                history.Select(s => new TrendPoint(s.TakenAt, s.FindGroup(group)?.Offsets.FirstOrDefault(o => o.Key == k)?.CountedLag ?? 0)).ToList()))
            .ToList();
        return new GroupTrend(Status(verdict.Status), partitions);
    }

    public string GroupStatus(string group) => Status(lag.Find(group).Status);

    public IReadOnlyList<Alert> Active() => alerts.Alerts.Where(a => a.State != AlertState.Resolved).OrderByDescending(a => a.State).ThenByDescending(a => a.Severity).ToList();

    /// <summary>Burrow's names, as <c>burrow_kafka_consumer_status</c> documents them.</summary>
    public static string Status(LagStatus status) => status switch
    {
        LagStatus.NotFound => "NOTFOUND",
        _ => status.ToString().ToUpperInvariant(),
    };

    private List<ClusterSnapshot> Recent()
    {
        var all = collector.History.ToList();
        return all.Skip(Math.Max(0, all.Count - Points)).ToList();
    }
}

internal sealed record TrendPoint(DateTimeOffset At, double Value);

internal sealed record ClusterTrend(DateTimeOffset? CollectedAt, IReadOnlyList<TrendPoint> Throughput, IReadOnlyList<TrendPoint> TotalLag, IReadOnlyDictionary<string, int> GroupStatuses, string? CollectorError);

internal sealed record PartitionTrend(string Topic, int Partition, string? Status, IReadOnlyList<TrendPoint> Lag);

internal sealed record GroupTrend(string Status, IReadOnlyList<PartitionTrend> Partitions);
