namespace Stormline.Ops.Lag;

/// <summary>
/// Burrow's reasoning applied to lag in seconds over the same window of polls: lag that reached zero is OK; on a
/// full window, seconds that grew exactly as fast as the clock at every poll mean the next unconsumed record never
/// changed (STALL: nothing is being consumed, whether or not a member is there); seconds that never decreased mean
/// the group falls further behind in time (WARN). Independent of offsets, so a slow trickle of records on a topic
/// whose consumer stopped still shows up as it ages. Pure.
/// </summary>
public static class TimeLagRules
{
    // Record timestamps have millisecond precision.
    private const double Precision = 0.001;

    /// <param name="window">Oldest first: when each poll was taken and the lag in seconds it measured (null: not measured).</param>
    public static LagStatus Evaluate(IReadOnlyList<(DateTimeOffset At, double? LagSeconds)> window, int intervals)
    {
        if (window.Count == 0 || window[^1].LagSeconds is not { } last)
        {
            return LagStatus.NotFound;
        }

        if (last <= 0 || window.Any(o => o.LagSeconds == 0))
        {
            return LagStatus.Ok;
        }

        if (window.Count < intervals || window.Any(o => o.LagSeconds is null))
        {
            return LagStatus.Ok;
        }

        var stalled = true;
        for (var i = 1; i < window.Count; i++)
        {
            var grew = window[i].LagSeconds!.Value - window[i - 1].LagSeconds!.Value;
            if (grew < 0)
            {
                return LagStatus.Ok;
            }

            stalled &= grew >= (window[i].At - window[i - 1].At).TotalSeconds - Precision;
        }

        return stalled ? LagStatus.Stall : LagStatus.Warn;
    }
}
