using System.Globalization;
using System.Text.RegularExpressions;
using Stormline.Ops.Collecting;
using Stormline.Ops.Lag;
using Stormline.Ops.Metrics;

namespace Stormline.Ops.Alerts;

/// <summary>
/// The built-in rule set. Each rule's PromQL reads the metrics Stormline exports (kafka_exporter names for the
/// cluster), and its C# twin reads the same facts from the collector, so the console and a Prometheus server
/// running <c>stormline ops rules</c> alert on the same conditions.
/// </summary>
public static class DefaultAlertRules
{
    /// <summary>The metric a service exports for its outbox (seconds since the oldest unpublished row was written; 0 when empty).</summary>
    public const string OutboxAgeMetric = "stormline_outbox_oldest_age_seconds";

    public static IReadOnlyList<AlertRule> Create(AlertOptions options)
    {
        var busy = new Regex("^(?:" + options.BusyTopicPattern + ")$", RegexOptions.CultureInvariant);
        return
        [
            new("KafkaConsumerGroupLagHigh", AlertSeverity.Warning, options.LagFor,
                $"{MetricNames.GroupLagSum} > {options.LagThreshold} and delta({MetricNames.GroupLagSum}[{Duration(options.LagRiseWindow)}]) > 0",
                "Consumer group {{ $labels.consumergroup }} is more than " + options.LagThreshold + " messages behind on {{ $labels.topic }} and falling further behind",
                c => LagHighAndRising(c, options)),
            GroupStatusRule("KafkaConsumerGroupStalled", LagStatus.Stall, "is stalled: its committed offset does not move while it has lag", options),
            GroupStatusRule("KafkaConsumerGroupStopped", LagStatus.Stop, "has stopped committing while it has lag", options),
            GroupStatusRule("KafkaConsumerGroupRewound", LagStatus.Rewind, "moved its committed offset backwards", options),
            new("KafkaDeadLetterTopicGrowing", AlertSeverity.Warning, TimeSpan.Zero,
                $"sum by (topic) (delta({MetricNames.PartitionCurrentOffset}{{topic=~`.+\\.dlq`}}[{Duration(options.DeadLetterWindow)}])) > 0",
                "Dead-letter topic {{ $labels.topic }} received messages",
                c => DeadLettersGrowing(c, options)),
            new("KafkaTopicNoMessages", AlertSeverity.Warning, TimeSpan.Zero,
                $"sum by (topic) (changes({MetricNames.PartitionCurrentOffset}{{topic=~`{options.BusyTopicPattern}`}}[{Duration(options.NoMessagesWindow)}])) == 0",
                "Topic {{ $labels.topic }} has had no new messages for " + Duration(options.NoMessagesWindow),
                c => NoMessages(c, options, busy)),
            new("StormlineServiceNotReady", AlertSeverity.Critical, options.ServiceNotReadyFor,
                $"{MetricNames.ServiceReady} == 0",
                "Service {{ $labels.service }} is not ready",
                c => c.Services.Where(s => !s.Ready).Select(s => Candidate(0, ("service", s.Name)))),
            new("StormlineOutboxTooOld", AlertSeverity.Warning, options.OutboxFor,
                $"{OutboxAgeMetric} > {options.OutboxMaxAge.TotalSeconds.ToString(CultureInfo.InvariantCulture)}",
                "The outbox of {{ $labels.service }} holds a message older than " + Duration(options.OutboxMaxAge),
                c => c.Outboxes.Where(o => o.Age > options.OutboxMaxAge).Select(o => Candidate(o.Age.TotalSeconds, ("service", o.Service)))),
            new("StormlineBrokerDiskLow", AlertSeverity.Critical, options.DiskFor,
                $"{MetricNames.BrokerDiskFree} / {MetricNames.BrokerDiskTotal} < {options.DiskFreeRatio.ToString(CultureInfo.InvariantCulture)}",
                "Broker volume of {{ $labels.path }} has less than " + (options.DiskFreeRatio * 100).ToString("0.#", CultureInfo.InvariantCulture) + " % free",
                c => c.Disks.Where(d => d.FreeRatio < options.DiskFreeRatio).Select(d => Candidate(d.FreeRatio, ("path", d.Path)))),
        ];
    }

    /// <summary>A duration in PromQL's notation (5m, 90s, 1h).</summary>
    public static string Duration(TimeSpan span) =>
        span.TotalSeconds % 3600 == 0 && span.TotalSeconds > 0 ? $"{span.TotalHours:0}h"
        : span.TotalSeconds % 60 == 0 && span.TotalSeconds > 0 ? $"{span.TotalMinutes:0}m"
        : $"{span.TotalSeconds:0}s";

    // Per partition, counted per group: a group with one partition in STOP and another in STALL fires both alerts,
    // where comparing the group's single status with == would fire only the one that ranks highest.
    private static AlertRule GroupStatusRule(string name, LagStatus status, string what, AlertOptions options) =>
        new(name, AlertSeverity.Warning, options.GroupStatusFor,
            $"count by (consumergroup) ({MetricNames.GroupPartitionStatus} == {(int)status}) > 0",
            "Consumer group {{ $labels.consumergroup }} " + what,
            c => c.Lag.Values.Where(v => v.Has(status)).Select(v => Candidate(v.Partitions.Count(p => p.Status == status), ("consumergroup", v.GroupId))));

    private static IEnumerable<AlertCandidate> LagHighAndRising(AlertContext context, AlertOptions options)
    {
        var past = context.AgoOrOldest(options.LagRiseWindow);
        if (context.Latest is not { } latest || past is null || ReferenceEquals(past, latest))
        {
            yield break;
        }

        foreach (var group in latest.Groups)
        {
            var before = past.FindGroup(group.GroupId)?.LagByTopic();
            foreach (var (topic, lag) in group.LagByTopic())
            {
                if (lag > options.LagThreshold && before is not null && before.TryGetValue(topic, out var then) && lag > then)
                {
                    yield return Candidate(lag, ("consumergroup", group.GroupId), ("topic", topic));
                }
            }
        }
    }

    private static IEnumerable<AlertCandidate> DeadLettersGrowing(AlertContext context, AlertOptions options)
    {
        var past = context.AgoOrOldest(options.DeadLetterWindow);
        if (context.Latest is not { } latest || past is null)
        {
            yield break;
        }

        foreach (var topic in latest.Topics.Where(t => t.IsDeadLetterTopic))
        {
            var growth = topic.LatestOffsetSum - (past.FindTopic(topic.Name)?.LatestOffsetSum ?? topic.LatestOffsetSum);
            if (growth > 0)
            {
                yield return Candidate(growth, ("topic", topic.Name));
            }
        }
    }

    private static IEnumerable<AlertCandidate> NoMessages(AlertContext context, AlertOptions options, Regex busy)
    {
        // Only once the history covers the whole window: a fresh collector knows nothing about the last ten minutes.
        var past = context.At(context.Now - options.NoMessagesWindow);
        if (context.Latest is not { } latest || past is null)
        {
            yield break;
        }

        foreach (var topic in latest.Topics.Where(t => busy.IsMatch(t.Name)))
        {
            if (past.FindTopic(topic.Name) is { } then && then.LatestOffsetSum == topic.LatestOffsetSum)
            {
                yield return Candidate(0, ("topic", topic.Name));
            }
        }
    }

    private static AlertCandidate Candidate(double value, params (string Key, string Value)[] labels) =>
        new(labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal), value);
}
