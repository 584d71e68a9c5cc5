namespace Stormline.Ops.Collecting;

/// <summary>
/// The last <see cref="Capacity"/> snapshots, oldest first: a ring buffer, so memory stays bounded however long the
/// collector runs. Thread-safe: the collector adds while readers take copies.
/// </summary>
public sealed class SnapshotHistory
{
    private readonly ClusterSnapshot?[] _ring;
    private readonly Lock _lock = new();
    private int _next;
    private int _count;

    public SnapshotHistory(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new ClusterSnapshot?[capacity];
    }

    public int Capacity => _ring.Length;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>The newest snapshot, or null before the first poll.</summary>
    public ClusterSnapshot? Latest
    {
        get
        {
            lock (_lock)
            {
                return _count == 0 ? null : _ring[(_next - 1 + _ring.Length) % _ring.Length];
            }
        }
    }

    /// <summary>Adds a snapshot, dropping the oldest when full.</summary>
    public void Add(ClusterSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_lock)
        {
            _ring[_next] = snapshot;
            _next = (_next + 1) % _ring.Length;
            _count = Math.Min(_count + 1, _ring.Length);
        }
    }

    /// <summary>A copy of the held snapshots, oldest first.</summary>
    public IReadOnlyList<ClusterSnapshot> ToList()
    {
        lock (_lock)
        {
            var list = new ClusterSnapshot[_count];
            var start = (_next - _count + _ring.Length) % _ring.Length;
            for (var i = 0; i < _count; i++)
            {
                list[i] = _ring[(start + i) % _ring.Length]!;
            }

            return list;
        }
    }

    /// <summary>The held snapshots taken at or after <paramref name="since"/>, oldest first.</summary>
    public IReadOnlyList<ClusterSnapshot> Since(DateTimeOffset since) => ToList().Where(s => s.TakenAt >= since).ToList();
}
