namespace Stormline.Ops.Alerts;

/// <summary>
/// A service whose readiness is watched: 2xx from <see cref="HealthUrl"/> is ready, anything else (or no answer) is
/// not. With <see cref="MetricsUrl"/>, its Prometheus text is also read for <c>stormline_outbox_oldest_age_seconds</c>.
/// </summary>
public sealed record ServiceEndpoint(string Name, Uri HealthUrl, Uri? MetricsUrl = null);
