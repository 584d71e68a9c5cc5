namespace Stormline.Bench.EventStore.Reporting;

public sealed class ProgressCounter
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Add() => Interlocked.Increment(ref _count);
}
