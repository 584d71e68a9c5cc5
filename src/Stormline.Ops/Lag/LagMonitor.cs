using Stormline.Ops.Collecting;

namespace Stormline.Ops.Lag;

/// <summary>
/// Re-judges every group after each poll of the collector and keeps the latest verdicts, so metrics, alerts and
/// the console read one consistent answer instead of each evaluating the history. Thread-safe.
/// </summary>
public sealed class LagMonitor : IDisposable
{
    private readonly ClusterCollector _collector;
    private readonly LagEvaluator _evaluator;
    private volatile IReadOnlyDictionary<string, GroupLagVerdict> _verdicts = new Dictionary<string, GroupLagVerdict>();

    public LagMonitor(ClusterCollector collector, LagEvaluator evaluator)
    {
        _collector = collector;
        _evaluator = evaluator;
        _collector.SnapshotCollected += OnSnapshot;
        if (collector.History.Count > 0)
        {
            Refresh();
        }
    }

    /// <summary>Verdicts by group id, as of the newest snapshot.</summary>
    public IReadOnlyDictionary<string, GroupLagVerdict> Verdicts => _verdicts;

    /// <summary>The verdict for <paramref name="groupId"/>; NOT_FOUND when the newest snapshot does not have the group.</summary>
    public GroupLagVerdict Find(string groupId) =>
        _verdicts.TryGetValue(groupId, out var verdict) ? verdict : new GroupLagVerdict(groupId, LagStatus.NotFound, 0, 0, []);

    /// <summary>Re-evaluates from the collector's current history.</summary>
    public void Refresh() =>
        _verdicts = _evaluator.Evaluate(_collector.History.ToList()).ToDictionary(v => v.GroupId, StringComparer.Ordinal);

    private void OnSnapshot(ClusterSnapshot snapshot) => Refresh();

    public void Dispose() => _collector.SnapshotCollected -= OnSnapshot;
}
