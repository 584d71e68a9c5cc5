namespace Stormline.Broker.Tests.Log;

/// <summary>A clock that moves only when a test says so; wall clock and monotonic timestamps move together.</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _ticks;

    public DateTimeOffset Now { get; private set; } = start;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => Now;

    public override long GetTimestamp() => _ticks;

    public void Advance(TimeSpan by)
    {
        Now += by;
        _ticks += by.Ticks;
    }
}
