namespace Stormline.Broker.Log;

/// <summary>
/// What the offset index and the time index share: a fixed-size-entry <see cref="IndexFile"/> of one segment, entries
/// in strictly increasing order, and the search for the last entry at or before a key.
/// Not thread-safe: the partition log serialises calls.
/// </summary>
internal abstract class SegmentIndex<TEntry>(IndexFile file, long baseOffset) : IDisposable
{
    protected IndexFile File { get; } = file;

    public long BaseOffset { get; } = baseOffset;

    public int Count => File.Count;

    public bool IsFull => File.IsFull;

    public string FilePath => File.FilePath;

    public abstract TEntry Entry(int index);

    /// <summary>
    /// The last entry for which <paramref name="precedes"/>(entry, key) holds, or <paramref name="none"/>. The
    /// predicate must hold for a prefix of the entries, which their strict order guarantees for every key used here.
    /// </summary>
    protected TEntry FindLast(long key, Func<TEntry, long, bool> precedes, TEntry none)
    {
        var found = none;
        var lo = 0;
        var hi = Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var entry = Entry(mid);
            if (precedes(entry, key))
            {
                found = entry;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }

    /// <summary>Null when the file holds whole entries only, else the reason it cannot be trusted.</summary>
    protected string? PartialEntryProblem() => File.LengthIsWhole ? null : $"{Path.GetFileName(FilePath)} ends in a partial entry";

    public void Clear() => File.Clear();

    public void WritePending() => File.WritePending();

    public void Flush() => File.Flush();

    public void Dispose() => File.Dispose();

    public void Delete() => File.Delete();
}
