using System.Collections.Concurrent;
using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Domain;

/// <summary>
/// The last committed state of recently handled aggregates, so a command on a hot stream skips reading and folding
/// its events. An entry is used only when its version equals the version the store reports under the stream's lock,
/// and only committed results are stored, so it can be stale (another replica appended) but never wrong: a stale
/// entry just means a normal load. Relies on the decider's contract that states are immutable.
/// </summary>
internal sealed class StateCache<TState>(int capacity)
{
    private readonly ConcurrentDictionary<StreamName, (TState State, long Version)> _entries = new();

    // ConcurrentDictionary.Count takes every one of its locks, which every command's Put then waited on: the size is
    // kept here instead, approximately (a race with Clear only makes the bound looser for a moment).
    private int _count;

    public bool TryGet(StreamName stream, long version, out TState state)
    {
        if (_entries.TryGetValue(stream, out var entry) && entry.Version == version)
        {
            state = entry.State;
            return true;
        }
        state = default!;
        return false;
    }

    public void Put(StreamName stream, TState state, long version)
    {
        if (capacity <= 0) return;
        // Crude bound instead of LRU bookkeeping on every hit: the working set refills in one load per stream.
        if (Volatile.Read(ref _count) >= capacity)
        {
            _entries.Clear();
            Volatile.Write(ref _count, 0);
        }
        var entry = (state, version);
        if (_entries.TryAdd(stream, entry))
        {
            Interlocked.Increment(ref _count);
            return;
        }
        _entries.AddOrUpdate(stream, entry, (_, old) => old.Version > version ? old : entry);
    }
}
