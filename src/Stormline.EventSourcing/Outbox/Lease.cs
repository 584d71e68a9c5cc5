namespace Stormline.EventSourcing.Outbox;

/// <summary>
/// A held lease: its name ("relay", "projection:order_summary"), its holder and the epoch it was taken at. The epoch
/// is a fencing token: it grows with every takeover, and writes made under the lease check it, so a holder that was
/// paused past its expiry and replaced cannot write any more.
/// </summary>
public sealed record Lease(string Name, string Holder, long Epoch)
{
    /// <summary>
    /// How soon a process that was refused a lease of <paramref name="duration"/> asks again: a second, or a quarter of
    /// the lease if that is shorter; not at every local append that wakes its loop.
    /// </summary>
    public static TimeSpan AskAgainAfterRefusal(TimeSpan duration) => TimeSpan.FromTicks(Math.Min(TimeSpan.TicksPerSecond, duration.Ticks / 4));
}
