namespace Stormline.Ops.Alerts;

/// <summary>One series for which a rule's condition holds now: its labels (as the Prometheus expression would give them) and value.</summary>
public sealed record AlertCandidate(IReadOnlyDictionary<string, string> Labels, double Value);
