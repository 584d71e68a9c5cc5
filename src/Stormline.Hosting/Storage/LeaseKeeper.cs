using Stormline.EventSourcing.Outbox;

namespace Stormline.Hosting.Storage;

/// <summary>
/// Holds named leases in the service's store for one process: with replicas sharing a PostgreSQL database, exactly one
/// of them runs each projection and log feed at a time. Renewed at half their life; a SQLite store belongs to one
/// process, so there every lease is held without asking. Not thread-safe: one per background loop.
/// </summary>
public sealed class LeaseKeeper(ServiceStore store, TimeSpan? duration = null)
{
    private readonly TimeSpan _duration = duration ?? TimeSpan.FromSeconds(15);
    private readonly string _holder = store.LeaseHolder;
    private readonly Dictionary<string, long> _renewAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _askAgainAt = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether this process holds the lease, renewing it at half its life; a refused lease is asked for again after
    /// <see cref="Lease.AskAgainAfterRefusal"/> at the soonest.
    /// </summary>
    public async Task<bool> Holds(string name, CancellationToken cancellationToken)
    {
        if (!store.Shared) return true;
        var now = Environment.TickCount64;
        if (_renewAt.TryGetValue(name, out var renewAt) && now < renewAt) return true;
        if (_askAgainAt.TryGetValue(name, out var askAt) && now < askAt) return false;
        if (await store.Store.AcquireLease(name, _holder, _duration, cancellationToken) is null)
        {
            _renewAt.Remove(name);
            _askAgainAt[name] = now + (long)Lease.AskAgainAfterRefusal(_duration).TotalMilliseconds;
            return false;
        }
        _askAgainAt.Remove(name);
        _renewAt[name] = now + (long)(_duration.TotalMilliseconds / 2);
        return true;
    }

    /// <summary>
    /// Gives every held lease up (on shutdown) so another replica takes over at once. With the store unreachable the
    /// leases are left to expire: a failed release must not turn a clean stop into a crashed host.
    /// </summary>
    public async Task ReleaseAll()
    {
        foreach (var name in _renewAt.Keys)
        {
            try
            {
                await store.Store.ReleaseLease(name, _holder, CancellationToken.None);
            }
            catch (System.Data.Common.DbException)
            {
                // expires after its duration instead
            }
        }
        _renewAt.Clear();
    }
}
