namespace Stormline.Ops.Alerts;

/// <summary>The <c>severity</c> label of an alert, as Alertmanager routes commonly expect it.</summary>
public enum AlertSeverity
{
    Info,
    Warning,
    Critical,
}
