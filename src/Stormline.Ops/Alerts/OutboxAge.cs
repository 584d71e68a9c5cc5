namespace Stormline.Ops.Alerts;

/// <summary>
/// How old the oldest unpublished outbox row of a service is (zero when the outbox is empty), and how many rows are
/// parked because the broker refuses them for good.
/// </summary>
public sealed record OutboxAge(string Service, TimeSpan Age, DateTimeOffset ReportedAt, long Parked = 0);
