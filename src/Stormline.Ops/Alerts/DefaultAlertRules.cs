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

    /// <summary>The metric a service exports for outbox rows parked because the broker refuses them for good.</summary>
    public const string OutboxParkedMetric = "stormline_outbox_parked";

    // One alert per Burrow partition status that needs a person, each counted on its own.
    private static readonly (string Name, LagStatus Status, string What, string Description)[] BurrowStatuses =
    [
        ("KafkaConsumerGroupStalled", LagStatus.Stall, "is stalled: its committed offset does not move while it has lag",
            "A member of {{ $labels.consumergroup }} holds a partition with lag but commits the same offset over the whole window (Burrow's STALL): a poison message, a stuck handler or a deadlock."),
        ("KafkaConsumerGroupStopped", LagStatus.Stop, "has stopped committing while it has lag",
            "Nobody in {{ $labels.consumergroup }} holds a partition with lag, and its offset has been still for longer than it was moving (Burrow's STOP): the consumers are gone."),
        ("KafkaConsumerGroupRewound", LagStatus.Rewind, "moved its committed offset backwards",
            "A committed offset of {{ $labels.consumergroup }} went down (Burrow's REWIND): a reset or a replay, deliberate or not; records are being consumed again."),
    ];

    public static IReadOnlyList<AlertRule> Create(AlertOptions options)
    {
        var busy = new Regex("^(?:" + options.BusyTopicPattern + ")$", RegexOptions.CultureInvariant);
        var runbook = (string name) => options.RunbookBaseUrl + "#" + name.ToLowerInvariant();
        return
        [
            new("KafkaConsumerGroupLagHigh", AlertSeverity.Warning, options.LagFor,
                $"{MetricNames.GroupLagSum} > {options.LagThreshold} and delta({MetricNames.GroupLagSum}[{Duration(options.LagRiseWindow)}]) > 0",
                "Consumer group {{ $labels.consumergroup }} is more than " + options.LagThreshold + " messages behind on {{ $labels.topic }} and falling further behind",
                "The committed offsets of {{ $labels.consumergroup }} trail the end of {{ $labels.topic }} by more than " + options.LagThreshold + " messages, and the gap grew over the last " + Duration(options.LagRiseWindow) + ": its consumers are slower than the producers.",
                runbook("KafkaConsumerGroupLagHigh"),
                c => LagHighAndRising(c, options)),
            new("KafkaConsumerGroupLagSecondsHigh", AlertSeverity.Warning, options.TimeLagFor,
                $"{MetricNames.GroupMaxLagSeconds} > {options.TimeLagThreshold.TotalSeconds.ToString(CultureInfo.InvariantCulture)}",
                "Consumer group {{ $labels.group }} is more than " + Duration(options.TimeLagThreshold) + " behind",
                "The oldest record {{ $labels.group }} has not consumed yet was written more than " + Duration(options.TimeLagThreshold) + " ago (kafka_consumergroup_group_max_lag_seconds): whatever it feeds is that stale.",
                runbook("KafkaConsumerGroupLagSecondsHigh"),
                c => TimeLagHigh(c, options)),
            .. BurrowStatuses.Select(b => PartitionStatusRule(b.Name, MetricNames.GroupPartitionStatus, b.Status, v => v.Status, b.What, b.Description, runbook, options)),
            PartitionStatusRule("KafkaConsumerGroupTimeLagStalled", MetricNames.GroupPartitionTimeLagStatus, LagStatus.Stall, v => v.TimeLagStatus,
                "is not consuming: its lag in seconds grows with the clock",
                "On a partition of {{ $labels.consumergroup }} the next unconsumed record stayed the same over the whole window while its age grew second for second: nothing is consumed there, with or without members.",
                runbook, options),
            new("KafkaDeadLetterTopicGrowing", AlertSeverity.Warning, TimeSpan.Zero,
                $"sum by (topic) (delta({MetricNames.PartitionCurrentOffset}{{topic=~`.+\\.dlq`}}[{Duration(options.DeadLetterWindow)}])) > 0",
                "Dead-letter topic {{ $labels.topic }} received messages",
                "Messages that a consumer gave up on were written to {{ $labels.topic }} in the last " + Duration(options.DeadLetterWindow) + "; each carries the error that sent it there.",
                runbook("KafkaDeadLetterTopicGrowing"),
                c => DeadLettersGrowing(c, options)),
            new("KafkaTopicNoMessages", AlertSeverity.Warning, TimeSpan.Zero,
                $"sum by (topic) (changes({MetricNames.PartitionCurrentOffset}{{topic=~`{options.BusyTopicPattern}`}}[{Duration(options.NoMessagesWindow)}])) == 0",
                "Topic {{ $labels.topic }} has had no new messages for " + Duration(options.NoMessagesWindow),
                "{{ $labels.topic }} is expected to see traffic, but none of its partitions' end offsets moved in " + Duration(options.NoMessagesWindow) + ": its producers are down or blocked.",
                runbook("KafkaTopicNoMessages"),
                c => NoMessages(c, options, busy)),
            new("KafkaOfflinePartitions", AlertSeverity.Critical, options.OfflinePartitionsFor,
                $"count by (topic) ({MetricNames.PartitionLeader} < 0) > 0",
                "Topic {{ $labels.topic }} has partitions without a leader",
                "Partitions of {{ $labels.topic }} have no leader (kafka_topic_partition_leader is -1): they can be neither written nor read until a replica is elected.",
                runbook("KafkaOfflinePartitions"),
                c => PerTopic(c, t => t.OfflinePartitionCount)),
            new("KafkaUnderReplicatedPartitions", AlertSeverity.Warning, options.UnderReplicatedFor,
                $"sum by (topic) ({MetricNames.PartitionUnderReplicated}) > 0",
                "Topic {{ $labels.topic }} has under-replicated partitions",
                "Partitions of {{ $labels.topic }} have fewer in-sync replicas than replicas: one more broker failure can lose acknowledged writes or take them offline.",
                runbook("KafkaUnderReplicatedPartitions"),
                c => PerTopic(c, t => t.UnderReplicatedPartitionCount)),
            new("KafkaBrokerCountDropped", AlertSeverity.Critical, options.BrokerCountFor,
                $"{MetricNames.Brokers} < max_over_time({MetricNames.Brokers}[{Duration(options.BrokerCountWindow)}])",
                "The cluster has fewer brokers than in the last " + Duration(options.BrokerCountWindow),
                "kafka_brokers dropped below its highest value of the last " + Duration(options.BrokerCountWindow) + ": a broker left the cluster (crashed, stopped or partitioned away).",
                runbook("KafkaBrokerCountDropped"),
                c => BrokerCountDropped(c, options)),
            new("StormlineOpsExporterAbsent", AlertSeverity.Critical, options.ExporterAbsentFor,
                $"absent({MetricNames.Brokers})",
                "The Kafka metrics are missing",
                "No kafka_brokers series has been scraped for " + Duration(options.ExporterAbsentFor) + ": the console or exporter is down, cannot reach the cluster, or is not scraped; every other Kafka alert is blind meanwhile.",
                runbook("StormlineOpsExporterAbsent"),
                c => ExporterAbsent(c, options)),
            new("StormlineServiceNotReady", AlertSeverity.Critical, options.ServiceNotReadyFor,
                $"{MetricNames.ServiceReady} == 0",
                "Service {{ $labels.service }} is not ready",
                "The readiness endpoint of {{ $labels.service }} did not answer 2xx at the last probe.",
                runbook("StormlineServiceNotReady"),
                c => c.Services.Where(s => !s.Ready).Select(s => Candidate(0, ("service", s.Name)))),
            new("StormlineOutboxTooOld", AlertSeverity.Warning, options.OutboxFor,
                $"{OutboxAgeMetric} > {options.OutboxMaxAge.TotalSeconds.ToString(CultureInfo.InvariantCulture)}",
                "The outbox of {{ $labels.service }} holds a message older than " + Duration(options.OutboxMaxAge),
                "A row of the outbox of {{ $labels.service }} has waited longer than " + Duration(options.OutboxMaxAge) + " to be published: its relay is stopped or Kafka refuses its writes.",
                runbook("StormlineOutboxTooOld"),
                c => c.Outboxes.Where(o => o.Age > options.OutboxMaxAge).Select(o => Candidate(o.Age.TotalSeconds, ("service", o.Service)))),
            new("StormlineOutboxParked", AlertSeverity.Warning, TimeSpan.Zero,
                $"{OutboxParkedMetric} > 0",
                "The outbox of {{ $labels.service }} has {{ $value }} parked row(s)",
                "The broker refused rows of the outbox of {{ $labels.service }} for good (too large, invalid); they are set aside, published never, and the rows after them went on.",
                runbook("StormlineOutboxParked"),
                c => c.Outboxes.Where(o => o.Parked > 0).Select(o => Candidate(o.Parked, ("service", o.Service)))),
            new("StormlineBrokerDiskLow", AlertSeverity.Critical, options.DiskFor,
                $"{MetricNames.BrokerDiskFree} / {MetricNames.BrokerDiskTotal} < {options.DiskFreeRatio.ToString(CultureInfo.InvariantCulture)}",
                "Broker volume of {{ $labels.path }} has less than " + (options.DiskFreeRatio * 100).ToString("0.#", CultureInfo.InvariantCulture) + " % free",
                "The embedded broker's log volume {{ $labels.path }} is nearly full; when it fills, produce requests fail.",
                runbook("StormlineBrokerDiskLow"),
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
    private static AlertRule PartitionStatusRule(string name, string metric, LagStatus status, Func<PartitionLagVerdict, LagStatus> statusOf, string what, string description, Func<string, string> runbook, AlertOptions options) =>
        new(name, AlertSeverity.Warning, options.GroupStatusFor,
            $"count by (consumergroup) ({metric} == {(int)status}) > 0",
            "Consumer group {{ $labels.consumergroup }} " + what,
            description,
            runbook(name),
            c => c.Lag.Values
                .Select(v => (v.GroupId, Count: v.Partitions.Count(p => statusOf(p) == status)))
                .Where(g => g.Count > 0)
                .Select(g => Candidate(g.Count, ("consumergroup", g.GroupId))));

    private static IEnumerable<AlertCandidate> TimeLagHigh(AlertContext context, AlertOptions options) =>
        (context.Latest?.Groups ?? [])
            .Where(g => g.MaxLagSeconds > options.TimeLagThreshold.TotalSeconds)
            .Select(g => Candidate(g.MaxLagSeconds!.Value, ("group", g.GroupId)));

    private static IEnumerable<AlertCandidate> PerTopic(AlertContext context, Func<TopicSnapshot, int> count) =>
        (context.Latest?.Topics ?? []).Where(t => count(t) > 0).Select(t => Candidate(count(t), ("topic", t.Name)));

    private static IEnumerable<AlertCandidate> BrokerCountDropped(AlertContext context, AlertOptions options)
    {
        if (context.Latest is not { } latest)
        {
            return [];
        }

        var most = context.History.Where(s => s.TakenAt >= context.Now - options.BrokerCountWindow).Max(s => (int?)s.Brokers.Count) ?? 0;
        return latest.Brokers.Count < most ? [Candidate(latest.Brokers.Count)] : [];
    }

    // In the console the exporter is the collector itself: its metrics go missing when no poll has succeeded lately.
    private static IEnumerable<AlertCandidate> ExporterAbsent(AlertContext context, AlertOptions options) =>
        context.Latest is { } latest && context.Now - latest.TakenAt <= options.CollectorStaleAfter
            ? []
            : [Candidate(1)];

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
