namespace Stormline.Bench.Measurement;

/// <summary>A count that a client callback bumps and the progress printer reads. Thread-safe.</summary>
public sealed class ProgressCounter
{
    private long _value;

    public long Value => Interlocked.Read(ref _value);

    public void Add(long count) => Interlocked.Add(ref _value, count);
}
