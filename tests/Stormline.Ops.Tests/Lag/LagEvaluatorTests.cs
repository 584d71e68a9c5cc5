using Stormline.Ops.Collecting;
using Stormline.Ops.Lag;

namespace Stormline.Ops.Tests.Lag;

public sealed class LagEvaluatorTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A history in which partition 0 keeps up and partition 1 is held by a member but never moves.</summary>
    private static List<ClusterSnapshot> History(int polls)
    {
        var history = new List<ClusterSnapshot>();
        for (var i = 0; i < polls; i++)
        {
            var end = 100L + 10 * i;
            var offsets = new List<GroupPartitionOffset>
            {
                new("orders", 0, end - 1, end, 1),
                new("orders", 1, 50, end, end - 50, LagSeconds: 300 + 10 * i), // the record at offset 50 ages with the clock
            };
            var member = new GroupMemberSnapshot("m1", "svc", "/127.0.0.1", [new("orders", 0), new("orders", 1)]);
            var group = new ConsumerGroupSnapshot("billing", GroupState.Stable, "range", [member], offsets);
            var partitions = new List<PartitionSnapshot> { new(0, 1, [1], [1], 0, end), new(1, 1, [1], [1], 0, end) };
            history.Add(new ClusterSnapshot(Start.AddSeconds(10 * i), TimeSpan.Zero, null, 1, [new(1, "127.0.0.1", 9092)], [new("orders", false, partitions)], [group]));
        }

        return history;
    }

    [Fact]
    public void Group_status_is_its_worst_partition_capped_at_ERR_as_in_Burrow()
    {
        var verdict = new LagEvaluator().EvaluateGroup("billing", History(12));

        Assert.Equal(LagStatus.Err, verdict.Status);
        Assert.True(verdict.Has(LagStatus.Stall));
        Assert.False(verdict.Has(LagStatus.Stop));
        Assert.Equal(LagStatus.Stall, verdict.Partitions.Single(p => p.Partition == 1).Status);
        Assert.NotEqual(LagStatus.Stall, verdict.Partitions.Single(p => p.Partition == 0).Status);
        Assert.Equal(1.0, verdict.Complete);
        Assert.Equal(1, verdict.MaxLagPartition!.Partition);
        Assert.Equal(1 + (210 - 50), verdict.TotalLag);
        Assert.Equal(LagStatus.Stall, verdict.Partitions.Single(p => p.Partition == 1).TimeLagStatus);
        Assert.Equal(410, verdict.Partitions.Single(p => p.Partition == 1).LagSeconds);
        Assert.Equal(LagStatus.NotFound, verdict.Partitions.Single(p => p.Partition == 0).TimeLagStatus); // not measured
    }

    [Fact]
    public void A_short_history_is_incomplete_and_not_yet_flagged()
    {
        var verdict = new LagEvaluator().EvaluateGroup("billing", History(4));

        Assert.Equal(LagStatus.Ok, verdict.Status);
        Assert.Equal(0.0, verdict.Complete);
    }

    [Fact]
    public void The_window_is_capped_at_the_configured_intervals()
    {
        var verdict = new LagEvaluator(new LagEvaluatorOptions { Intervals = 5 }).EvaluateGroup("billing", History(12));

        Assert.All(verdict.Partitions, p => Assert.Equal(5, p.WindowSize));
        Assert.Equal(50, verdict.Partitions.Single(p => p.Partition == 1).StartOffset);
    }

    [Theory]
    [InlineData(LagStatus.Warn, LagStatus.Warn)]
    [InlineData(LagStatus.Stop, LagStatus.Err)]
    [InlineData(LagStatus.Stall, LagStatus.Err)]
    [InlineData(LagStatus.Rewind, LagStatus.Err)]
    public void Partition_statuses_above_ERR_read_ERR_for_the_group(LagStatus worst, LagStatus group) =>
        Assert.Equal(group, LagEvaluator.GroupStatus(worst));

    [Fact]
    public void An_unknown_group_is_NOT_FOUND() =>
        Assert.Equal(LagStatus.NotFound, new LagEvaluator().EvaluateGroup("nobody", History(3)).Status);
}
