using System.Collections.Concurrent;
using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.PersonalData;

/// <summary>
/// The last events a store opened, so the next reader of the same event (a service's projection, saga feed and outbox
/// relay each read it) reuses the text instead of parsing and decrypting again. It remembers text, never decides on
/// keys: every read still asks the key store for the page's keys, and an entry is used only when the stored text is
/// the same string and every key it was opened with is still there with the same bytes, so an erasure holds at the
/// next read on every replica and an altered row is parsed and rejected as before. Bounded (oldest entries go first);
/// thread-safe.
/// </summary>
internal sealed class RevealMemo(int capacity)
{
    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private readonly Guid[] _order = new Guid[Math.Max(capacity, 1)];
    private int _next = -1;

    /// <summary>An opened event: its stored text, the text it opened to, and the keys that opened it.</summary>
    public sealed record Entry(string Stored, string Revealed, IReadOnlyList<KeyValuePair<string, byte[]>> Keys);

    public bool Enabled => capacity > 0;

    /// <summary>The entry for <paramref name="stored"/> when its stored text is exactly what was opened before.</summary>
    public Entry? Find(StreamEvent stored) =>
        Enabled && _entries.TryGetValue(stored.EventId, out var entry) && string.Equals(entry.Stored, stored.Data, StringComparison.Ordinal) ? entry : null;

    /// <summary>Whether every key the entry was opened with is among <paramref name="known"/>, with the same bytes.</summary>
    public static bool StillOpens(Entry entry, IReadOnlyDictionary<string, byte[]> known)
    {
        foreach (var (keyId, key) in entry.Keys)
            if (!known.TryGetValue(keyId, out var current) || !current.AsSpan().SequenceEqual(key)) return false;
        return true;
    }

    public void Remember(Guid eventId, Entry entry)
    {
        if (!Enabled) return;
        Guid evicted;
        lock (_order)
        {
            _next = (_next + 1) % _order.Length;
            evicted = _order[_next];
            _order[_next] = eventId;
        }
        if (evicted != Guid.Empty && evicted != eventId) _entries.TryRemove(evicted, out _);
        _entries[eventId] = entry;
    }

    /// <summary>Drops an entry whose keys are gone, so the text of a forgotten subject does not stay in memory.</summary>
    public void Forget(Guid eventId) => _entries.TryRemove(eventId, out _);
}
