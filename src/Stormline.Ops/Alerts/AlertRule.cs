namespace Stormline.Ops.Alerts;

/// <summary>
/// One alerting rule in two forms that mean the same: <see cref="Expression"/> in PromQL over the exported metrics
/// (for the Prometheus rules file) and <see cref="Evaluate"/> over the collector's state (for the built-in
/// evaluator). <see cref="Summary"/> and <see cref="Description"/> are Prometheus templates that may use
/// <c>{{ $labels.name }}</c>; <see cref="RunbookUrl"/> points at the rule's section of docs/ops.md.
/// </summary>
public sealed record AlertRule(
    string Name,
    AlertSeverity Severity,
    TimeSpan For,
    string Expression,
    string Summary,
    string Description,
    string RunbookUrl,
    Func<AlertContext, IEnumerable<AlertCandidate>> Evaluate)
{
    /// <summary>The summary with this series' labels filled in, as Prometheus renders the annotation.</summary>
    public string RenderSummary(IReadOnlyDictionary<string, string> labels) => AlertTemplate.Render(Summary, labels);

    public string RenderDescription(IReadOnlyDictionary<string, string> labels) => AlertTemplate.Render(Description, labels);
}
