using Stormline.Ops.Alerts;
using Stormline.Ops.Collecting;
using Stormline.Ops.Lag;
using static Stormline.Ops.Tests.Alerts.Snapshots;

namespace Stormline.Ops.Tests.Alerts;

/// <summary>The built-in side of each default rule: which series hold, on the same situations as rules.test.yml.</summary>
public sealed class DefaultAlertRulesTests
{
    private static readonly AlertOptions Options = new();

    private static List<AlertCandidate> Holding(string rule, AlertContext context) =>
        DefaultAlertRules.Create(Options).Single(r => r.Name == rule).Evaluate(context).ToList();

    [Fact]
    public void Lag_rule_holds_for_a_group_above_the_threshold_and_rising_only()
    {
        var history = Enumerable.Range(0, 7).Select(m => At(TimeSpan.FromMinutes(m), [("order-events", 10_000)],
            [("billing", "order-events", 500 + 200 * m), ("reporting", "order-events", 5000)])).ToList();

        var holding = Holding("KafkaConsumerGroupLagHigh", Context(history));

        var only = Assert.Single(holding);
        Assert.Equal("billing", only.Labels["consumergroup"]);
        Assert.Equal("order-events", only.Labels["topic"]);
        Assert.Equal(1700, only.Value);
        Assert.Empty(Holding("KafkaConsumerGroupLagHigh", Context(history.Take(1).ToList())));
    }

    [Theory]
    [InlineData("KafkaConsumerGroupStalled", LagStatus.Stall)]
    [InlineData("KafkaConsumerGroupStopped", LagStatus.Stop)]
    [InlineData("KafkaConsumerGroupRewound", LagStatus.Rewind)]
    public void Group_status_rules_hold_for_every_group_with_a_partition_in_their_status(string rule, LagStatus status)
    {
        static GroupLagVerdict Verdict(string group, params LagStatus[] partitions) =>
            new(group, LagEvaluator.GroupStatus(partitions.Max()), 10, 1, partitions.Select((p, i) => new PartitionLagVerdict("orders", i, p, 5, 0, 0, 10, true)).ToList());
        var lag = new Dictionary<string, GroupLagVerdict>
        {
            ["bad"] = Verdict("bad", LagStatus.Ok, status),
            ["mixed"] = Verdict("mixed", LagStatus.Stop, LagStatus.Stall, LagStatus.Rewind), // all three alerts, not just the highest number
            ["warn"] = Verdict("warn", LagStatus.Warn, LagStatus.Ok),
        };

        var holding = Holding(rule, Context([At(TimeSpan.Zero, [])], lag));

        Assert.Equal(["bad", "mixed"], holding.Select(h => h.Labels["consumergroup"]).Order());
    }

    [Fact]
    public void Dead_letter_rule_holds_while_a_dlq_grew_within_the_window()
    {
        var history = new[] { 0L, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1 }
            .Select((latest, m) => At(TimeSpan.FromMinutes(m), [("order-events.dlq", latest), ("payment-events.dlq", 3), ("order-events", 100 + m)]))
            .ToList();

        Assert.Equal("order-events.dlq", Assert.Single(Holding("KafkaDeadLetterTopicGrowing", Context(history[..5]))).Labels["topic"]);
        Assert.Empty(Holding("KafkaDeadLetterTopicGrowing", Context(history)));
    }

    [Fact]
    public void No_messages_rule_holds_for_a_busy_topic_unchanged_over_the_window_once_history_covers_it()
    {
        var history = Enumerable.Range(0, 21).Select(m => At(TimeSpan.FromMinutes(m),
            [("order-events", Math.Min(m, 5)), ("payment-events", m), ("audit", 7)])).ToList();

        Assert.Empty(Holding("KafkaTopicNoMessages", Context(history[..9])));
        Assert.Equal("order-events", Assert.Single(Holding("KafkaTopicNoMessages", Context(history))).Labels["topic"]);
    }

    [Fact]
    public void Readiness_outbox_and_disk_rules_hold_for_the_bad_ones_only()
    {
        var context = Context(
            [At(TimeSpan.Zero, [])],
            services: [new("orders", true, Start, "HTTP 200"), new("payments", false, Start, "HTTP 503")],
            outboxes: [new("orders", TimeSpan.FromSeconds(61), Start), new("payments", TimeSpan.FromSeconds(5), Start, Parked: 3)],
            disks: [new("/data/full", 100, 1000), new("/data/roomy", 500, 1000)]);

        Assert.Equal("payments", Assert.Single(Holding("StormlineServiceNotReady", context)).Labels["service"]);
        Assert.Equal("orders", Assert.Single(Holding("StormlineOutboxTooOld", context)).Labels["service"]);
        Assert.Equal("payments", Assert.Single(Holding("StormlineOutboxParked", context)).Labels["service"]);
        Assert.Equal("/data/full", Assert.Single(Holding("StormlineBrokerDiskLow", context)).Labels["path"]);
    }

    [Fact]
    public void Offline_and_under_replicated_rules_hold_per_topic_with_such_partitions()
    {
        var snapshot = Cluster(brokers: 3,
            ("orders", [new PartitionSnapshot(0, -1, [1, 2], [], 0, 5), new PartitionSnapshot(1, 1, [1, 2], [1, 2], 0, 5)]),
            ("payments", [new PartitionSnapshot(0, 2, [2, 3], [2], 0, 5)]),
            ("audit", [new PartitionSnapshot(0, 3, [3, 1], [3, 1], 0, 5)]));
        var context = Context([snapshot]);

        var offline = Assert.Single(Holding("KafkaOfflinePartitions", context));
        Assert.Equal("orders", offline.Labels["topic"]);
        Assert.Equal(1, offline.Value);
        Assert.Equal(["orders", "payments"], Holding("KafkaUnderReplicatedPartitions", context).Select(c => c.Labels["topic"]).Order());
    }

    [Fact]
    public void Broker_count_rule_holds_while_fewer_brokers_than_at_any_poll_of_the_window()
    {
        var history = new[] { 3, 3, 3, 2, 2 }.Select((n, m) => Cluster(n) with { TakenAt = Start.AddMinutes(m) }).ToList();

        Assert.Empty(Holding("KafkaBrokerCountDropped", Context(history[..3])));
        Assert.Equal(2, Assert.Single(Holding("KafkaBrokerCountDropped", Context(history))).Value);

        // Past the window the lower count is the new normal, as max_over_time sees it.
        Assert.Empty(Holding("KafkaBrokerCountDropped", Context(history, now: Start.AddMinutes(3) + Options.BrokerCountWindow)));
    }

    [Fact]
    public void Exporter_absent_rule_holds_without_a_fresh_snapshot()
    {
        var snapshot = Cluster(1);

        Assert.Empty(Holding("StormlineOpsExporterAbsent", Context([snapshot])));
        Assert.Single(Holding("StormlineOpsExporterAbsent", Context([snapshot], now: Start + Options.CollectorStaleAfter + TimeSpan.FromSeconds(1))));
        Assert.Single(Holding("StormlineOpsExporterAbsent", Context([], now: Start)));
    }

    [Fact]
    public void Lag_seconds_rules_hold_above_the_threshold_and_for_a_partition_stalled_in_time()
    {
        var group = (string id, double? seconds) => new ConsumerGroupSnapshot(id, GroupState.Empty, "", [], [new GroupPartitionOffset("orders", 0, 5, 9, 4, seconds)]);
        var snapshot = Cluster(1) with { Groups = [group("billing", 301), group("reporting", 299), group("unmeasured", null)] };
        Assert.Equal("billing", Assert.Single(Holding("KafkaConsumerGroupLagSecondsHigh", Context([snapshot]))).Labels["group"]);

        var lag = new Dictionary<string, GroupLagVerdict>
        {
            ["frozen"] = new("frozen", LagStatus.Ok, 4, 1, [new("orders", 0, LagStatus.Ok, 4, 5, 5, 10, true, 400, LagStatus.Stall), new("orders", 1, LagStatus.Ok, 0, 5, 5, 10, true, 0, LagStatus.Ok)]),
            ["slow"] = new("slow", LagStatus.Ok, 4, 1, [new("orders", 0, LagStatus.Ok, 4, 5, 5, 10, true, 40, LagStatus.Warn)]),
        };
        Assert.Equal("frozen", Assert.Single(Holding("KafkaConsumerGroupTimeLagStalled", Context([snapshot], lag))).Labels["consumergroup"]);
    }

    [Fact]
    public void Every_rule_has_a_description_and_a_runbook_section_in_docs_ops_md()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "ops.md"));
        var anchors = System.Text.RegularExpressions.Regex.Matches(docs, "^### (\\S+)$", System.Text.RegularExpressions.RegexOptions.Multiline).Select(m => m.Groups[1].Value.ToLowerInvariant()).ToHashSet();

        Assert.All(DefaultAlertRules.Create(new AlertOptions { RunbookBaseUrl = "https://docs.example/ops.md" }), rule =>
        {
            Assert.False(string.IsNullOrWhiteSpace(rule.Description), rule.Name);
            Assert.Equal("https://docs.example/ops.md#" + rule.Name.ToLowerInvariant(), rule.RunbookUrl);
            Assert.Contains(rule.Name.ToLowerInvariant(), anchors);
        });
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Stormline.slnx")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return dir.FullName;
    }

    [Fact]
    public void Summaries_render_labels_as_prometheus_does()
    {
        var rule = DefaultAlertRules.Create(Options).Single(r => r.Name == "StormlineServiceNotReady");

        Assert.Equal("Service payments is not ready", rule.RenderSummary(new Dictionary<string, string> { ["service"] = "payments" }));
    }
}
