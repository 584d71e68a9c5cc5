namespace Stormline.Ops.Alerts;

/// <summary>How old the oldest unpublished outbox row of a service is (zero when the outbox is empty).</summary>
public sealed record OutboxAge(string Service, TimeSpan Age, DateTimeOffset ReportedAt);
