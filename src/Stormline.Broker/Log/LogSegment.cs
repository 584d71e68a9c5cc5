using System.Buffers;
using Microsoft.Win32.SafeHandles;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Log;

/// <summary>
/// One file of a partition's log: record batches back to back, starting at <see cref="BaseOffset"/>, with a sparse
/// in-memory offset index and time index built as batches are appended or recovered.
/// Not thread-safe: its <see cref="PartitionLog"/> serialises every call.
/// </summary>
internal sealed class LogSegment : IDisposable
{
    private readonly List<(long Offset, long Position)> _offsetIndex = [];
    private readonly List<(long Timestamp, long Offset)> _timeIndex = [];
    private readonly int _indexIntervalBytes;
    private long _bytesSinceIndexEntry;

    private LogSegment(string path, long baseOffset, SafeFileHandle file, int indexIntervalBytes)
    {
        FilePath = path;
        BaseOffset = baseOffset;
        File = file;
        NextOffset = baseOffset;
        _indexIntervalBytes = indexIntervalBytes;
        CreatedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    }

    public string FilePath { get; }

    public long BaseOffset { get; }

    public SafeFileHandle File { get; }

    public long Size { get; private set; }

    /// <summary>The offset the next appended batch receives: last offset + 1.</summary>
    public long NextOffset { get; private set; }

    public long MaxTimestamp { get; private set; } = -1;

    public long CreatedAtMs { get; private set; }

    public long LastModifiedMs { get; private set; }

    public bool IsEmpty => Size == 0;

    public static LogSegment Create(string directory, long baseOffset, int indexIntervalBytes)
    {
        var path = Path.Combine(directory, LogFiles.SegmentFileName(baseOffset));
        var handle = System.IO.File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        return new LogSegment(path, baseOffset, handle, indexIntervalBytes);
    }

    /// <summary>
    /// Opens an existing segment and rebuilds its indexes by scanning batch headers. With <paramref name="validateCrc"/>
    /// every batch is read whole and CRC-checked; the file is truncated at the first torn or corrupt batch.
    /// </summary>
    public static LogSegment Open(string path, long baseOffset, int indexIntervalBytes, bool validateCrc, Action<RecordBatch> onBatch, out long truncatedBytes)
    {
        var handle = System.IO.File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        var segment = new LogSegment(path, baseOffset, handle, indexIntervalBytes);
        var length = RandomAccess.GetLength(handle);
        var header = new byte[RecordBatch.HeaderSize];
        long position = 0;
        byte[]? batchBuffer = null;
        while (position + RecordBatch.HeaderSize <= length)
        {
            if (RandomAccess.Read(handle, header, position) < RecordBatch.HeaderSize)
            {
                break;
            }

            var batch = RecordBatch.ReadHeader(header);
            if (batch.Magic != 2 || batch.BatchLength < RecordBatch.HeaderSize - RecordBatch.LogOverhead || position + batch.TotalSize > length || batch.LastOffsetDelta < 0 || batch.BaseOffset < segment.NextOffset)
            {
                break;
            }

            if (validateCrc)
            {
                if (batchBuffer is null || batchBuffer.Length < batch.TotalSize)
                {
                    batchBuffer = new byte[Math.Max(batch.TotalSize, 64 * 1024)];
                }

                var span = batchBuffer.AsSpan(0, batch.TotalSize);
                if (RandomAccess.Read(handle, span, position) < batch.TotalSize || !RecordBatch.HasValidCrc(span))
                {
                    break;
                }
            }

            segment.Track(batch, position);
            onBatch(batch);
            position += batch.TotalSize;
        }

        truncatedBytes = length - position;
        if (truncatedBytes > 0)
        {
            RandomAccess.SetLength(handle, position);
        }

        segment.Size = position;
        var info = new FileInfo(path);
        segment.CreatedAtMs = new DateTimeOffset(info.CreationTimeUtc).ToUnixTimeMilliseconds();
        segment.LastModifiedMs = new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeMilliseconds();
        return segment;
    }

    private void Track(RecordBatch batch, long position)
    {
        if (_offsetIndex.Count == 0 || _bytesSinceIndexEntry >= _indexIntervalBytes)
        {
            _offsetIndex.Add((batch.BaseOffset, position));
            _bytesSinceIndexEntry = 0;
        }

        _bytesSinceIndexEntry += batch.TotalSize;
        if (batch.MaxTimestamp > MaxTimestamp)
        {
            MaxTimestamp = batch.MaxTimestamp;
            _timeIndex.Add((batch.MaxTimestamp, batch.BaseOffset));
        }

        NextOffset = batch.LastOffset + 1;
    }

    /// <summary>Writes one batch whose offsets were already assigned. The bytes reach the OS before this returns.</summary>
    public void Append(ReadOnlySpan<byte> batchBytes, RecordBatch batch)
    {
        RandomAccess.Write(File, batchBytes, Size);
        Track(batch, Size);
        Size += batchBytes.Length;
        LastModifiedMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    }

    public void Flush() => RandomAccess.FlushToDisk(File);

    /// <summary>File position of the batch that contains <paramref name="offset"/>, or -1 if it is past the end.</summary>
    public long FindPosition(long offset)
    {
        if (offset >= NextOffset)
        {
            return -1;
        }

        long position = 0;
        var lo = 0;
        var hi = _offsetIndex.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_offsetIndex[mid].Offset <= offset)
            {
                position = _offsetIndex[mid].Position;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        Span<byte> header = stackalloc byte[RecordBatch.HeaderSize];
        while (position < Size)
        {
            RandomAccess.Read(File, header, position);
            var batch = RecordBatch.ReadHeader(header);
            if (batch.LastOffset >= offset)
            {
                return position;
            }

            position += batch.TotalSize;
        }

        return -1;
    }

    /// <summary>Base offset of the first batch whose max timestamp is at or after <paramref name="timestamp"/>, or -1.</summary>
    public long FindOffsetByTimestamp(long timestamp)
    {
        if (MaxTimestamp < timestamp)
        {
            return -1;
        }

        var start = 0L;
        foreach (var (ts, offset) in _timeIndex)
        {
            if (ts >= timestamp)
            {
                break;
            }

            start = offset;
        }

        var position = FindPosition(start);
        var header = new byte[RecordBatch.HeaderSize];
        while (position >= 0 && position < Size)
        {
            RandomAccess.Read(File, header, position);
            var batch = RecordBatch.ReadHeader(header);
            if (batch.MaxTimestamp >= timestamp)
            {
                return Math.Max(batch.BaseOffset, start);
            }

            position += batch.TotalSize;
        }

        return -1;
    }

    /// <summary>Reads batches from <paramref name="position"/> into <paramref name="destination"/>; returns the bytes read.</summary>
    public int Read(long position, Span<byte> destination) => RandomAccess.Read(File, destination, position);

    public void Dispose() => File.Dispose();

    public void Delete()
    {
        File.Dispose();
        System.IO.File.Delete(FilePath);
    }
}
