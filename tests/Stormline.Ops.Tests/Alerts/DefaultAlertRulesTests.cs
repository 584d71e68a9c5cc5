using Stormline.Ops.Alerts;
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
            outboxes: [new("orders", TimeSpan.FromSeconds(61), Start), new("payments", TimeSpan.FromSeconds(5), Start)],
            disks: [new("/data/full", 100, 1000), new("/data/roomy", 500, 1000)]);

        Assert.Equal("payments", Assert.Single(Holding("StormlineServiceNotReady", context)).Labels["service"]);
        Assert.Equal("orders", Assert.Single(Holding("StormlineOutboxTooOld", context)).Labels["service"]);
        Assert.Equal("/data/full", Assert.Single(Holding("StormlineBrokerDiskLow", context)).Labels["path"]);
    }

    [Fact]
    public void Summaries_render_labels_as_prometheus_does()
    {
        var rule = DefaultAlertRules.Create(Options).Single(r => r.Name == "StormlineServiceNotReady");

        Assert.Equal("Service payments is not ready", rule.RenderSummary(new Dictionary<string, string> { ["service"] = "payments" }));
    }
}
