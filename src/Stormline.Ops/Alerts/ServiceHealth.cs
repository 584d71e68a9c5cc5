namespace Stormline.Ops.Alerts;

/// <summary>The last readiness check of one service.</summary>
public sealed record ServiceHealth(string Name, bool Ready, DateTimeOffset CheckedAt, string Detail);
