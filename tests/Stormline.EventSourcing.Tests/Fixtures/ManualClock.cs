namespace Stormline.EventSourcing.Tests.Fixtures;

/// <summary>A clock the test moves by hand, so deadlines fire without waiting.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
