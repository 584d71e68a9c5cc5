using System.Buffers.Binary;

namespace Stormline.Broker.Log;

/// <summary>
/// A segment's sparse time index (Kafka's <c>.timeindex</c>): big-endian entries of timestamp (int64) and relative
/// offset (int32). An entry (T, O) is written every index.interval.bytes when the segment's largest timestamp has
/// grown: nothing appended before it has a timestamp above T, and T was first reached in the batch starting at O.
/// Both columns strictly increase. When the segment rolls or closes its largest timestamp is appended, so the last
/// entry is the segment's largest timestamp (what retention.ms measures). Not thread-safe: the partition log
/// serialises calls.
/// </summary>
internal sealed class TimeIndex : SegmentIndex<TimestampOffset>
{
    public const int EntrySize = 12;

    private TimeIndex(IndexFile file, long baseOffset)
        : base(file, baseOffset)
    {
    }

    /// <summary>The last entry, or (-1, segment start) when the index is empty.</summary>
    public TimestampOffset LastEntry => Count == 0 ? new TimestampOffset(-1, BaseOffset) : Entry(Count - 1);

    public static TimeIndex Open(string path, long baseOffset, int maxIndexBytes) => new(IndexFile.Open(path, EntrySize, maxIndexBytes), baseOffset);

    public override TimestampOffset Entry(int index)
    {
        var entry = File.Entry(index);
        return new TimestampOffset(BinaryPrimitives.ReadInt64BigEndian(entry), BaseOffset + BinaryPrimitives.ReadInt32BigEndian(entry[8..]));
    }

    /// <summary>Appends (timestamp, offset) unless it would not raise the last entry's timestamp.</summary>
    public void MaybeAppend(long timestamp, long offset)
    {
        var last = LastEntry;
        if (timestamp <= last.Timestamp || (Count > 0 && offset <= last.Offset))
        {
            return;
        }

        Span<byte> entry = stackalloc byte[EntrySize];
        BinaryPrimitives.WriteInt64BigEndian(entry, timestamp);
        BinaryPrimitives.WriteInt32BigEndian(entry[8..], checked((int)(offset - BaseOffset)));
        File.Append(entry);
    }

    /// <summary>
    /// The last entry whose timestamp is below <paramref name="timestamp"/>: every batch before its offset is older
    /// than the target, so a search may start there. (-1, segment start) if none.
    /// </summary>
    public TimestampOffset Lookup(long timestamp)
        => FindLast(timestamp, static (entry, key) => entry.Timestamp < key, new TimestampOffset(-1, BaseOffset));

    /// <summary>Null when the loaded entries fit a segment that ends before <paramref name="nextOffset"/>; otherwise why not.</summary>
    public string? SanityCheck(long nextOffset)
    {
        if (PartialEntryProblem() is { } partial)
        {
            return partial;
        }

        var previous = new TimestampOffset(long.MinValue, BaseOffset - 1);
        for (var i = 0; i < Count; i++)
        {
            var entry = Entry(i);
            if (entry.Timestamp <= previous.Timestamp || entry.Offset <= previous.Offset || entry.Offset >= nextOffset)
            {
                return $"{Path.GetFileName(FilePath)} entry {i} ({entry.Timestamp} at offset {entry.Offset}) is out of order or past the log end {nextOffset}";
            }

            previous = entry;
        }

        return null;
    }
}
