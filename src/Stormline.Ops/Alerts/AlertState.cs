namespace Stormline.Ops.Alerts;

/// <summary>
/// Prometheus's alert lifecycle: a condition that holds is Pending until it has held for the rule's <c>for</c>,
/// then Firing; when it stops holding a firing alert is Resolved (and kept for a while so the console can show
/// it), a pending one simply goes away.
/// </summary>
public enum AlertState
{
    Pending,
    Firing,
    Resolved,
}
