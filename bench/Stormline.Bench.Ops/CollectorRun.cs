using System.Diagnostics;
using Stormline.Ops.Collecting;

namespace Stormline.Bench.Ops;

/// <summary>One measured series of collector polls: time per poll, allocation per poll and what the history retains.</summary>
internal sealed record CollectorRun(ClusterCollector Collector, List<double> Times, double AllocatedPerPoll, long Retained)
{
    public static async Task<CollectorRun> MeasureAsync(string bootstrap, int polls, PartitionWriter? writer)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var collector = new ClusterCollector(new ClusterCollectorOptions { BootstrapServers = bootstrap, HistorySize = polls + 1, RequestTimeout = TimeSpan.FromSeconds(60) });
        await collector.CollectAsync();
        var times = new List<double>();
        long allocated = 0;
        for (var i = 0; i < polls; i++)
        {
            writer?.WriteOneToEach();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            await collector.CollectAsync();
            times.Add(clock.Elapsed.TotalMilliseconds);
            allocated += GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        }

        var retained = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        return new CollectorRun(collector, times, allocated / (double)polls, retained);
    }
}
