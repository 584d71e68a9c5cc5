using Stormline.Model.Generation;
using Stormline.Model.Topics;

namespace Stormline.Model.Tests.Topics;

public sealed class TopicDiffTests
{
    private static readonly TopicPlan Plan = new("s",
    [
        Topic("order-events", 3, ("cleanup.policy", "delete"), ("retention.ms", "604800000")),
        Topic("order-events.dlq", 1, ("retention.ms", "2592000000")),
    ]);

    [Fact]
    public void An_empty_cluster_gets_every_planned_topic()
    {
        var diff = TopicDiff.Compute(Plan, []);

        Assert.Equal(["order-events", "order-events.dlq"], diff.Create.Select(t => t.Name));
        Assert.Empty(diff.Partitions);
        Assert.Empty(diff.Configs);
        Assert.Equal("+ create order-events: 3 partition(s), replication factor 1, cleanup.policy=delete, retention.ms=604800000", diff.Describe(false)[0]);
    }

    [Fact]
    public void A_matching_cluster_means_no_changes_and_configs_the_plan_does_not_set_are_ignored()
    {
        var diff = TopicDiff.Compute(Plan,
        [
            Observed("order-events", 3, ("cleanup.policy", "delete"), ("retention.ms", "604800000"), ("segment.bytes", "1024")),
            Observed("order-events.dlq", 1, ("retention.ms", "2592000000")),
            Observed("scratch", 1),
        ]);

        Assert.True(diff.IsEmpty);
        Assert.Equal(["no changes: the cluster matches the plan"], diff.Describe(false));
    }

    [Fact]
    public void Partitions_are_raised_and_a_lower_plan_is_reported_as_impossible()
    {
        var diff = TopicDiff.Compute(Plan,
        [
            Observed("order-events", 2, ("cleanup.policy", "delete"), ("retention.ms", "604800000")),
            Observed("order-events.dlq", 4, ("retention.ms", "2592000000")),
        ]);

        Assert.Equal([new PartitionChange("order-events", 2, 3), new PartitionChange("order-events.dlq", 4, 1)], diff.Partitions);
        Assert.True(diff.HasApplicableChanges);
        Assert.Equal(
        [
            "~ raise partitions of order-events: 2 -> 3",
            "! order-events.dlq has 4 partitions, the plan 1: lowering the partition count is impossible in Kafka (recreate the topic to shrink it); left as is",
        ], diff.Describe(false));
    }

    [Fact]
    public void Only_a_lower_plan_leaves_nothing_to_apply()
    {
        var diff = TopicDiff.Compute(Plan,
        [
            Observed("order-events", 3, ("cleanup.policy", "delete"), ("retention.ms", "604800000")),
            Observed("order-events.dlq", 2, ("retention.ms", "2592000000")),
        ]);

        Assert.False(diff.IsEmpty);
        Assert.False(diff.HasApplicableChanges);
    }

    [Fact]
    public void Configs_that_differ_or_are_missing_are_altered()
    {
        var diff = TopicDiff.Compute(Plan,
        [
            Observed("order-events", 3, ("cleanup.policy", "compact"), ("retention.ms", "604800000")),
            Observed("order-events.dlq", 1),
        ]);

        Assert.Equal([new ConfigChange("order-events", "cleanup.policy", "compact", "delete"), new ConfigChange("order-events.dlq", "retention.ms", null, "2592000000")], diff.Configs);
        Assert.Equal(["~ alter order-events: cleanup.policy compact -> delete", "~ alter order-events.dlq: retention.ms (unset) -> 2592000000"], diff.Describe(false));
    }

    [Fact]
    public void Topics_named_like_the_plan_but_absent_from_it_are_reported_and_deleted_only_when_allowed()
    {
        var diff = TopicDiff.Compute(Plan,
        [
            Observed("order-events", 3, ("cleanup.policy", "delete"), ("retention.ms", "604800000")),
            Observed("order-events.dlq", 1, ("retention.ms", "2592000000")),
            Observed("legacy-events", 1),
            Observed("legacy-events.dlq", 1),
            Observed("scratch", 1),
        ]);

        Assert.Equal(["legacy-events", "legacy-events.dlq"], diff.Unplanned);
        Assert.False(diff.HasApplicableChanges);
        Assert.Equal("? legacy-events is not in the plan; kept (pass --allow-delete to delete it)", diff.Describe(false)[0]);
        Assert.Equal("- delete legacy-events: not in the plan", diff.Describe(true)[0]);
    }

    private static PlannedTopic Topic(string name, int partitions, params (string Key, string Value)[] config) =>
        new(name, "order", partitions, 1, [], [], config.ToDictionary(c => c.Key, c => c.Value), "test");

    private static ObservedTopic Observed(string name, int partitions, params (string Key, string Value)[] config) =>
        new(name, partitions, config.ToDictionary(c => c.Key, c => c.Value));
}
