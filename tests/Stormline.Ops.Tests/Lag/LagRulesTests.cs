using Stormline.Ops.Lag;

namespace Stormline.Ops.Tests.Lag;

/// <summary>Recorded windows (one poll every 10 s, ten polls) for each of Burrow's statuses.</summary>
public sealed class LagRulesTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static List<LagObservation> Window(long[] offsets, long[] lags, bool assigned = true) =>
        offsets.Select((offset, i) => new LagObservation(Start.AddSeconds(10 * i), offset, lags[i], assigned)).ToList();

    private static LagStatus Judge(List<LagObservation> window, TimeSpan? after = null) =>
        LagRules.Evaluate(window, window[^1].At + (after ?? TimeSpan.Zero), intervals: 10);

    [Fact]
    public void Consumer_that_catches_up_is_OK() =>
        Assert.Equal(LagStatus.Ok, Judge(Window([0, 10, 20, 30, 40, 50, 60, 70, 80, 90], [5, 8, 3, 0, 6, 4, 2, 7, 3, 1])));

    [Fact]
    public void Zero_lag_now_is_OK_whatever_came_before() =>
        Assert.Equal(LagStatus.Ok, Judge(Window([5, 5, 5, 5, 5, 5, 5, 5, 5, 5], [9, 9, 9, 9, 9, 9, 9, 9, 9, 0])));

    [Fact]
    public void Offsets_advancing_while_lag_grows_is_WARN() =>
        Assert.Equal(LagStatus.Warn, Judge(Window([0, 10, 20, 30, 40, 50, 60, 70, 80, 90], [5, 8, 8, 12, 15, 15, 20, 26, 30, 31])));

    [Fact]
    public void Offsets_advancing_while_lag_shrinks_once_is_OK() =>
        Assert.Equal(LagStatus.Ok, Judge(Window([0, 10, 20, 30, 40, 50, 60, 70, 80, 90], [5, 8, 8, 12, 15, 14, 20, 26, 30, 31])));

    [Fact]
    public void A_member_holding_the_partition_without_moving_the_offset_is_STALL() =>
        Assert.Equal(LagStatus.Stall, Judge(Window([42, 42, 42, 42, 42, 42, 42, 42, 42, 42], [3, 5, 9, 12, 12, 15, 18, 20, 21, 25])));

    [Fact]
    public void STALL_and_WARN_wait_for_a_full_window()
    {
        Assert.Equal(LagStatus.Ok, Judge(Window([42, 42, 42], [3, 5, 9])));
        Assert.Equal(LagStatus.Ok, Judge(Window([0, 10, 20], [3, 5, 9])));
    }

    [Fact]
    public void Nobody_holding_the_partition_and_no_commit_since_the_window_began_is_STOP() =>
        Assert.Equal(LagStatus.Stop, Judge(Window([42, 42, 42, 42, 42, 42, 42, 42, 42, 42], [3, 5, 9, 12, 12, 15, 18, 20, 21, 25], assigned: false), TimeSpan.FromSeconds(1)));

    [Fact]
    public void Commits_that_just_stopped_are_not_STOP_until_idle_longer_than_they_ran()
    {
        // Offsets moved for 80 s, then the consumer left; at the last poll it had been still for 10 s.
        var window = Window([0, 10, 20, 30, 40, 50, 60, 70, 80, 80], [5, 4, 6, 5, 4, 6, 5, 4, 6, 9], assigned: false);
        Assert.NotEqual(LagStatus.Stop, LagRules.Evaluate(window, window[^1].At, 10));
        Assert.Equal(LagStatus.Stop, LagRules.Evaluate(window, window[^1].At + TimeSpan.FromSeconds(71), 10));
    }

    [Fact]
    public void A_consumer_that_left_caught_up_is_not_STOP_until_the_partition_end_passed_it_for_a_whole_window()
    {
        // Caught up at offset 80, then nobody holds the partition and new records arrive from the third poll on.
        var ends = new long[] { 80, 80, 81, 83, 85, 87, 89, 90, 92, 95 };
        var window = ends.Select((end, i) => new LagObservation(Start.AddSeconds(10 * i), 80, end - 80, Assigned: false, LatestOffset: end)).ToList();
        var later = window[^1].At + TimeSpan.FromMinutes(10);
        Assert.Equal(LagStatus.Ok, LagRules.Evaluate(window, later, 10));

        // Once the window no longer holds a poll where the end was at the committed offset, it is STOP.
        var moved = window.Select(o => o with { LatestOffset = o.LatestOffset + 1, Lag = o.Lag + 1 }).ToList();
        Assert.Equal(LagStatus.Stop, LagRules.Evaluate(moved, later, 10));
    }

    [Fact]
    public void Committed_offset_going_back_is_REWIND() =>
        Assert.Equal(LagStatus.Rewind, Judge(Window([0, 10, 20, 30, 40, 5, 15, 25, 35, 45], [5, 5, 5, 5, 5, 40, 30, 20, 10, 6])));

    [Fact]
    public void REWIND_needs_no_full_window() =>
        Assert.Equal(LagStatus.Rewind, Judge(Window([100, 20], [5, 85])));

    [Fact]
    public void An_empty_window_is_NOT_FOUND() =>
        Assert.Equal(LagStatus.NotFound, LagRules.Evaluate([], Start, 10));
}
