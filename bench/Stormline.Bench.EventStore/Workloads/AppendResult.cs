namespace Stormline.Bench.EventStore.Workloads;

public sealed record AppendResult(string Target, AppendWorkload Workload, TimeSpan Elapsed)
{
    public double AppendsPerSecond => Workload.Appends / Elapsed.TotalSeconds;

    public double EventsPerSecond => Workload.Events / Elapsed.TotalSeconds;
}
