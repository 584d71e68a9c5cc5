using Stormline.Ops.Lag;

namespace Stormline.Ops.Tests.Lag;

/// <summary>Recorded windows of lag in seconds (one poll every 10 s, ten polls) for each status.</summary>
public sealed class TimeLagRulesTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static LagStatus Judge(params double?[] seconds) =>
        TimeLagRules.Evaluate(seconds.Select((s, i) => (Start.AddSeconds(10 * i), s)).ToList(), intervals: 10);

    [Theory]
    [InlineData(LagStatus.Stall, new double[] { 600, 610, 620, 630, 640, 650, 660, 670, 680, 690 })] // grows with the clock at every poll
    [InlineData(LagStatus.Warn, new double[] { 600, 605, 610, 620, 620, 625, 630, 640, 645, 650 })] // slower than the clock, never decreasing
    [InlineData(LagStatus.Ok, new double[] { 600, 610, 620, 630, 640, 300, 310, 320, 330, 340 })] // decreased once
    [InlineData(LagStatus.Ok, new double[] { 0, 10, 20, 30, 40, 50, 60, 70, 80, 90 })] // caught up at some poll
    public void A_full_window_is_judged_on_how_the_seconds_moved(LagStatus expected, double[] seconds) =>
        Assert.Equal(expected, Judge([.. seconds.Select(s => (double?)s)]));

    [Fact]
    public void A_short_or_gappy_window_is_not_judged_and_an_unmeasured_one_is_NOT_FOUND()
    {
        Assert.Equal(LagStatus.Ok, Judge(600, 610, 620));
        Assert.Equal(LagStatus.Ok, Judge(600, 610, null, 630, 640, 650, 660, 670, 680, 690));
        Assert.Equal(LagStatus.NotFound, Judge(600, null));
    }
}
