using System.Diagnostics;
using Stormline.Bench.EventStore.Targets;

namespace Stormline.Bench.EventStore.Workloads;

/// <summary>
/// Loads one aggregate of <paramref name="Length"/> events, replaying all of them and from a snapshot taken
/// <paramref name="SnapshotLag"/> events before the head (the average tail under a 100-event snapshot policy is 50).
/// The stream is written in batches of 100 (not timed); each load is timed on its own after one warm-up load, and
/// every load's state is checked against the state computed without a store.
/// </summary>
public sealed record RehydrationWorkload(int Length, int SnapshotLag, int Loads)
{
    public async Task<IReadOnlyList<RehydrationResult>> Run(IEventStoreTarget target, TextWriter log, CancellationToken cancellationToken)
    {
        var account = $"rehydrate{Length}";
        for (var written = 0; written < Length; written += 100)
        {
            var count = Math.Min(100, Length - written);
            await target.Append(account, written, EventFactory.Events(account, written, count), cancellationToken);
        }
        var covered = Length - SnapshotLag;
        await target.SaveSnapshot(account, covered, EventFactory.StateAfter(account, covered), cancellationToken);
        var expected = EventFactory.StateAfter(account, Length);

        var results = new List<RehydrationResult>();
        foreach (var useSnapshot in new[] { false, true })
        {
            var times = new List<double>();
            for (var i = 0; i <= Loads; i++)
            {
                var clock = Stopwatch.StartNew();
                var state = await target.Rehydrate(account, useSnapshot, cancellationToken);
                clock.Stop();
                if (state != expected)
                    throw new InvalidOperationException($"{target.Name} rehydrated {account} to {state}, expected {expected}.");
                if (i > 0) times.Add(clock.Elapsed.TotalMilliseconds); // the first load warms caches and code paths
            }
            times.Sort();
            var result = new RehydrationResult(target.Name, Length, useSnapshot ? SnapshotLag : null, times[times.Count / 2], times[0]);
            log.WriteLine($"{target.Name,-22} rehydrate {Length,6:N0} events {(useSnapshot ? $"from snapshot + {SnapshotLag}" : "full replay"),-20} median {result.MedianMs,8:F2} ms (best {result.BestMs:F2})");
            results.Add(result);
        }
        return results;
    }
}
