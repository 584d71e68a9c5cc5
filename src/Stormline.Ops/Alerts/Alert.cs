namespace Stormline.Ops.Alerts;

/// <summary>
/// One alert instance: a rule and the labels of the series it holds for. <see cref="ActiveSince"/> is when the
/// condition started holding (Prometheus's activeAt); <see cref="FiredAt"/> and <see cref="ResolvedAt"/> mark the
/// transitions. <see cref="Description"/> and <see cref="RunbookUrl"/> are the rule's other annotations, rendered.
/// </summary>
public sealed record Alert(
    string Name,
    AlertSeverity Severity,
    AlertState State,
    IReadOnlyDictionary<string, string> Labels,
    string Summary,
    double Value,
    DateTimeOffset ActiveSince,
    DateTimeOffset? FiredAt = null,
    DateTimeOffset? ResolvedAt = null,
    string Description = "",
    string RunbookUrl = "")
{
    /// <summary>Rule name plus sorted labels: the identity of the instance across evaluations.</summary>
    public string Key => AlertKey(Name, Labels);

    internal static string AlertKey(string name, IReadOnlyDictionary<string, string> labels) =>
        name + "{" + string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}";
}
