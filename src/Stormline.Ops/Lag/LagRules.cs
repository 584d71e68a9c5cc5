namespace Stormline.Ops.Lag;

/// <summary>
/// Burrow's partition rules (core/internal/evaluator/caching.go, wiki "Consumer-Lag-Evaluation-Rules"), applied
/// in Burrow's order to a window of observations. Burrow sees each commit; a collector sees polls, so "the last
/// commit" is the first poll that showed the current offset, and "commits stopped" also needs that no live member
/// holds the partition (a member that commits the same offset over and over is STALL, as in Burrow). STOP also waits
/// while the partition's end was at or below the current committed offset at some poll of the window (Burrow's
/// recent-zero-lag guard): a consumer that was caught up minutes ago is idle, not stopped.
/// Pure: the same window and time always give the same status.
/// </summary>
public static class LagRules
{
    public static LagStatus Evaluate(IReadOnlyList<LagObservation> window, DateTimeOffset now, int intervals)
    {
        if (window.Count == 0)
        {
            return LagStatus.NotFound;
        }

        var last = window[^1];
        if (last.Lag <= 0)
        {
            return LagStatus.Ok;
        }

        if (IsStopped(window, now) && !RecentLagZero(window))
        {
            return LagStatus.Stop;
        }

        if (window.Any(o => o.Lag == 0))
        {
            return LagStatus.Ok;
        }

        if (Rewound(window))
        {
            return LagStatus.Rewind;
        }

        var full = window.Count >= intervals;
        if (full && window[0].CommittedOffset == last.CommittedOffset)
        {
            return LagStatus.Stall;
        }

        if (full && last.CommittedOffset > window[0].CommittedOffset && LagNeverDecreases(window))
        {
            return LagStatus.Warn;
        }

        return LagStatus.Ok;
    }

    /// <summary>Burrow: now − last commit &gt; last commit − first commit; here only once nobody holds the partition.</summary>
    private static bool IsStopped(IReadOnlyList<LagObservation> window, DateTimeOffset now)
    {
        var last = window[^1];
        if (last.Assigned)
        {
            return false;
        }

        var lastCommit = window[^1].At;
        for (var i = window.Count - 2; i >= 0 && window[i].CommittedOffset == last.CommittedOffset; i--)
        {
            lastCommit = window[i].At;
        }

        return now - lastCommit > lastCommit - window[0].At;
    }

    /// <summary>Burrow's checkIfRecentLagZero: some poll of the window saw the partition end at or before today's committed offset.</summary>
    private static bool RecentLagZero(IReadOnlyList<LagObservation> window)
    {
        var committed = window[^1].CommittedOffset;
        for (var i = 0; i < window.Count; i++)
        {
            if (window[i].LatestOffset >= 0 && window[i].LatestOffset <= committed)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Rewound(IReadOnlyList<LagObservation> window)
    {
        for (var i = 1; i < window.Count; i++)
        {
            if (window[i].CommittedOffset < window[i - 1].CommittedOffset)
            {
                return true;
            }
        }

        return false;
    }

    private static bool LagNeverDecreases(IReadOnlyList<LagObservation> window)
    {
        for (var i = 1; i < window.Count; i++)
        {
            if (window[i].Lag < window[i - 1].Lag)
            {
                return false;
            }
        }

        return true;
    }
}
