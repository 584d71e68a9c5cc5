using System.Runtime.CompilerServices;
using Stormline.Broker.Log;

namespace Stormline.Broker.Server;

/// <summary>
/// Wakes long-polling fetches when a partition they read receives data, and only those: an append to one partition no
/// longer wakes every waiting fetch to re-read all of its partitions. A fetch that found too little registers on its
/// partitions and then looks again before it waits (<see cref="Watch"/>), so an append that lands in between is never
/// missed. Thread-safe.
/// </summary>
internal sealed class AppendNotifier
{
    // Weakly keyed: a deleted topic's partition logs are not kept alive by the fetches that once waited on them.
    private readonly ConditionalWeakTable<PartitionLog, Waiters> _waiters = new();

    /// <summary>Called for every append (records or transaction markers) to <paramref name="log"/>.</summary>
    public void Notify(PartitionLog log)
    {
        if (_waiters.TryGetValue(log, out var waiters)) waiters.Wake();
    }

    /// <summary>Completes at the next append to any of <paramref name="logs"/>; dispose it when done waiting.</summary>
    public FetchWatch Watch(IReadOnlyList<PartitionLog> logs)
    {
        var watch = new FetchWatch(this, logs);
        foreach (var log in logs) _waiters.GetValue(log, static _ => new Waiters()).Add(watch);
        return watch;
    }

    internal void Unwatch(FetchWatch watch, IReadOnlyList<PartitionLog> logs)
    {
        foreach (var log in logs)
        {
            if (_waiters.TryGetValue(log, out var waiters)) waiters.Remove(watch);
        }
    }

    /// <summary>The fetches waiting on one partition. The entry stays when empty: a partition long-polled once is polled again.</summary>
    private sealed class Waiters
    {
        private readonly Lock _lock = new();
        private List<FetchWatch>? _watches;

        public void Add(FetchWatch watch)
        {
            lock (_lock) (_watches ??= []).Add(watch);
        }

        public void Remove(FetchWatch watch)
        {
            lock (_lock) _watches?.Remove(watch);
        }

        public void Wake()
        {
            List<FetchWatch>? fired;
            lock (_lock)
            {
                if (_watches is not { Count: > 0 }) return;
                fired = _watches;
                _watches = null;
            }
            foreach (var watch in fired) watch.Fire();
        }
    }
}
