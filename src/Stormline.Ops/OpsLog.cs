using Microsoft.Extensions.Logging;

namespace Stormline.Ops;

/// <summary>Stormline.Ops log messages, with stable event ids so operators can filter on them.</summary>
internal static partial class OpsLog
{
    [LoggerMessage(1, LogLevel.Warning, "Cluster poll of {Bootstrap} failed; the last snapshot stays current until the next poll", EventName = "PollFailed")]
    public static partial void PollFailed(ILogger logger, string bootstrap, Exception exception);

    [LoggerMessage(2, LogLevel.Debug, "Cluster poll took {ElapsedMs} ms: {Topics} topics, {Partitions} partitions, {Groups} groups", EventName = "PollCompleted")]
    public static partial void PollCompleted(ILogger logger, double elapsedMs, int topics, int partitions, int groups);

    [LoggerMessage(3, LogLevel.Warning, "Offsets of group {Group} could not be read: {Reason}", EventName = "GroupOffsetsFailed")]
    public static partial void GroupOffsetsFailed(ILogger logger, string group, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Lag in seconds could not be measured this poll: {Reason}", EventName = "TimeLagFailed")]
    public static partial void TimeLagFailed(ILogger logger, string reason);

    [LoggerMessage(10, LogLevel.Warning, "Alert {Alert} FIRING: {Summary}", EventName = "AlertFiring")]
    public static partial void AlertFiring(ILogger logger, string alert, string summary);

    [LoggerMessage(11, LogLevel.Information, "Alert {Alert} resolved: {Summary}", EventName = "AlertResolved")]
    public static partial void AlertResolved(ILogger logger, string alert, string summary);

    [LoggerMessage(13, LogLevel.Error, "Alert evaluation failed; retrying at the next interval", EventName = "EvaluationFailed")]
    public static partial void EvaluationFailed(ILogger logger, Exception exception);

    [LoggerMessage(12, LogLevel.Warning, "Alert webhook {Url} failed: {Reason}", EventName = "WebhookFailed")]
    public static partial void WebhookFailed(ILogger logger, string url, string reason);
}
