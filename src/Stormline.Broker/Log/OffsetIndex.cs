using System.Buffers.Binary;

namespace Stormline.Broker.Log;

/// <summary>
/// A segment's sparse offset index (Kafka's <c>.index</c>): big-endian entries of relative offset (int32) and file
/// position (int32), one per index.interval.bytes of appended batches. Each entry names the first offset of the batch
/// that starts at its position, so a lookup lands on a batch boundary at or before the wanted offset and the reader
/// walks at most index.interval.bytes of headers from there. Offsets and positions strictly increase.
/// Not thread-safe: the partition log serialises calls.
/// </summary>
internal sealed class OffsetIndex : SegmentIndex<OffsetPosition>
{
    public const int EntrySize = 8;

    private OffsetIndex(IndexFile file, long baseOffset)
        : base(file, baseOffset)
    {
    }

    /// <summary>The last entry, or the segment's start when the index is empty.</summary>
    public OffsetPosition LastEntry => Count == 0 ? new OffsetPosition(BaseOffset, 0) : Entry(Count - 1);

    public static OffsetIndex Open(string path, long baseOffset, int maxIndexBytes) => new(IndexFile.Open(path, EntrySize, maxIndexBytes), baseOffset);

    public override OffsetPosition Entry(int index)
    {
        var entry = File.Entry(index);
        return new OffsetPosition(BaseOffset + BinaryPrimitives.ReadInt32BigEndian(entry), BinaryPrimitives.ReadInt32BigEndian(entry[4..]));
    }

    public void Append(long offset, long position)
    {
        Span<byte> entry = stackalloc byte[EntrySize];
        BinaryPrimitives.WriteInt32BigEndian(entry, checked((int)(offset - BaseOffset)));
        BinaryPrimitives.WriteInt32BigEndian(entry[4..], checked((int)position));
        File.Append(entry);
    }

    /// <summary>The entry with the largest offset at or before <paramref name="offset"/>; the segment start if none.</summary>
    public OffsetPosition Lookup(long offset)
        => FindLast(offset, static (entry, key) => entry.Offset <= key, new OffsetPosition(BaseOffset, 0));

    /// <summary>The entry with the largest position at or before <paramref name="position"/>: a batch boundary; the segment start if none.</summary>
    public OffsetPosition LookupByPosition(long position)
        => FindLast(position, static (entry, key) => entry.Position <= key, new OffsetPosition(BaseOffset, 0));

    /// <summary>Null when the loaded entries can describe a log of <paramref name="logSize"/> bytes; otherwise why not.</summary>
    public string? SanityCheck(long logSize)
    {
        if (PartialEntryProblem() is { } partial)
        {
            return partial;
        }

        var previous = new OffsetPosition(BaseOffset - 1, -1);
        for (var i = 0; i < Count; i++)
        {
            var entry = Entry(i);
            if (entry.Offset <= previous.Offset || entry.Position <= previous.Position || entry.Position >= logSize)
            {
                return $"{Path.GetFileName(FilePath)} entry {i} ({entry.Offset} at {entry.Position}) is out of order or past the log's {logSize} bytes";
            }

            previous = entry;
        }

        return null;
    }
}
