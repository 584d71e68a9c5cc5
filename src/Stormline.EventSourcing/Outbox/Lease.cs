namespace Stormline.EventSourcing.Outbox;

/// <summary>
/// A held lease: its name ("relay", "projection:order_summary"), its holder and the epoch it was taken at. The epoch
/// is a fencing token: it grows with every takeover, and writes made under the lease check it, so a holder that was
/// paused past its expiry and replaced cannot write any more.
/// </summary>
public sealed record Lease(string Name, string Holder, long Epoch);
