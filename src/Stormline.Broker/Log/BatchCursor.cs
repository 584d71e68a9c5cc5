using Microsoft.Win32.SafeHandles;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Log;

/// <summary>
/// Walks the record batches of a segment file forward from a position up to an end, reading the file in chunks of
/// the caller's buffer: many small batches cost one read per chunk rather than one per header. A header that is not
/// a plausible v2 batch within the end (a torn or overwritten tail) stops the walk before it.
/// </summary>
internal ref struct BatchCursor
{
    private readonly SafeFileHandle _file;
    private readonly long _end;
    private readonly Span<byte> _buffer;
    private long _bufferStart;
    private int _bufferLength;

    public BatchCursor(SafeFileHandle file, long position, long end, Span<byte> buffer)
    {
        _file = file;
        _end = end;
        _buffer = buffer;
        Position = position;
    }

    /// <summary>Where the current batch starts; after a walk that reached the end, the end.</summary>
    public long Position { get; private set; }

    public RecordBatch Current { get; private set; }

    public readonly bool AtEnd => Position >= _end;

    /// <summary>Reads the header at <see cref="Position"/> into <see cref="Current"/>; false at the end or at an implausible header.</summary>
    public bool TryRead()
    {
        if (Position + RecordBatch.HeaderSize > _end || !Fill(RecordBatch.HeaderSize))
        {
            return false;
        }

        var header = RecordBatch.ReadHeader(_buffer.Slice((int)(Position - _bufferStart), RecordBatch.HeaderSize));
        if (header.Magic != 2 || header.BatchLength < RecordBatch.HeaderSize - RecordBatch.LogOverhead || header.LastOffsetDelta < 0 || Position + header.TotalSize > _end)
        {
            return false;
        }

        Current = header;
        return true;
    }

    /// <summary>The whole current batch, if it fits the buffer; otherwise false and the caller reads it itself.</summary>
    public bool TryGetBatch(out ReadOnlySpan<byte> batch)
    {
        var size = Current.TotalSize;
        if (size > _buffer.Length || !Fill(size))
        {
            batch = default;
            return false;
        }

        batch = _buffer.Slice((int)(Position - _bufferStart), size);
        return true;
    }

    public void MoveNext() => Position += Current.TotalSize;

    /// <summary>Makes [Position, Position + count) available in the buffer, reading a new chunk from Position if needed.</summary>
    private bool Fill(int count)
    {
        if (Position >= _bufferStart && Position + count <= _bufferStart + _bufferLength)
        {
            return true;
        }

        var want = (int)Math.Min(_buffer.Length, _end - Position);
        var read = 0;
        while (read < want)
        {
            var n = RandomAccess.Read(_file, _buffer[read..want], Position + read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        _bufferStart = Position;
        _bufferLength = read;
        return count <= read;
    }
}
