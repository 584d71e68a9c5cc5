using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Sqlite;

/// <summary>
/// The events this process committed most recently, as readers of the whole log get them (personal fields open), so
/// that the service's own tailers — projections, log feeds, the outbox relay — read what was just appended without
/// reading rows, parsing metadata and opening personal fields per event. Filled only after a commit; it answers a read only with a gap-free run that starts
/// exactly at the position asked for and reaches either the requested count or the newest event it holds, so a
/// position it never saw (another process's append, an eviction) sends the reader to the database. Thread-safe.
/// </summary>
internal sealed class RecentEvents(int capacity)
{
    private readonly Dictionary<long, StreamEvent> _events = new(capacity);
    private readonly Queue<long> _arrival = new(capacity);
    private readonly Lock _lock = new();
    private long _newest = -1;
    private long _generation;

    /// <summary>Taken before an append protects its events; <see cref="Add"/> drops them if an erasure came between.</summary>
    public long Generation => Volatile.Read(ref _generation);

    public void Add(long generation, IReadOnlyList<StreamEvent> events)
    {
        lock (_lock)
        {
            if (generation != _generation) return;
            foreach (var e in events)
            {
                if (!_events.TryAdd(e.GlobalPosition, e)) continue;
                _arrival.Enqueue(e.GlobalPosition);
                if (e.GlobalPosition > _newest) _newest = e.GlobalPosition;
                if (_arrival.Count > capacity) _events.Remove(_arrival.Dequeue());
            }
        }
    }

    /// <summary>Up to <paramref name="maxCount"/> events from <paramref name="fromPosition"/>; null when the database must answer.</summary>
    public List<StreamEvent>? TryRead(long fromPosition, int maxCount)
    {
        if (maxCount <= 0) return null;
        lock (_lock)
        {
            if (!_events.TryGetValue(fromPosition, out var first)) return null;
            var run = new List<StreamEvent>(Math.Min(maxCount, _events.Count)) { first };
            for (var position = fromPosition + 1; run.Count < maxCount && _events.TryGetValue(position, out var next); position++)
                run.Add(next);
            // A run cut short by a hole below the newest event would hide what the database already has past the hole.
            return run.Count == maxCount || run[^1].GlobalPosition == _newest ? run : null;
        }
    }

    /// <summary>The events at <paramref name="positions"/>, or null unless every one of them is held.</summary>
    public List<StreamEvent>? TryGet(IReadOnlyList<long> positions)
    {
        lock (_lock)
        {
            var found = new List<StreamEvent>(positions.Count);
            foreach (var position in positions)
            {
                if (!_events.TryGetValue(position, out var e)) return null;
                found.Add(e);
            }
            return found;
        }
    }

    /// <summary>After an erasure: nothing cached may be served again, and appends protected before it are not added.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _generation++;
            _events.Clear();
            _arrival.Clear();
            _newest = -1;
        }
    }
}
