using System.Buffers;
using Microsoft.Win32.SafeHandles;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Log;

/// <summary>
/// One segment of a partition's log: record batches back to back in <c>BASE.log</c>, starting at
/// <see cref="BaseOffset"/>, with its sparse <see cref="OffsetIndex"/> (<c>.index</c>) and <see cref="TimeIndex"/>
/// (<c>.timeindex</c>) written as batches are appended. Invariants: batches are whole and in offset order up to
/// <see cref="Size"/>; every index entry points at a batch boundary below it.
/// Not thread-safe for changes: its <see cref="PartitionLog"/> serialises appends, index use and deletion; bytes
/// below a <see cref="Size"/> read under that lock may be read from any thread.
/// </summary>
internal sealed class LogSegment : IDisposable
{
    private const int RecoveryChunkBytes = 1 << 20;

    /// <summary>Blocks reserved ahead of appends: a quarter of the segment so far, within these bounds.</summary>
    private const long MinPreallocation = 1L << 20;
    private const long MaxPreallocation = 16L << 20;

    /// <summary>Past the data, as far as a reservation can reach: a step plus a batch of up to 48 MiB.</summary>
    private const long ReleaseWindow = 64L << 20;

    private readonly int _indexIntervalBytes;
    private readonly long _segmentBytes;

    /// <summary>Where the blocks reserved by <see cref="Append"/> end (0: none yet).</summary>
    private long _preallocatedTo;
    private readonly bool _indexFilesExisted;
    private long _bytesSinceIndexEntry;

    /// <summary>The largest timestamp of the first batch: segment.ms counts from it, as in Kafka (-1: none yet).</summary>
    private long _rollingBasedTimestamp = -1;

    private LogSegment(string directory, long baseOffset, LogConfig config, long nowMs, FileMode mode, string suffix = "")
    {
        BaseOffset = baseOffset;
        FilePath = Path.Combine(directory, LogFiles.SegmentFileName(baseOffset) + suffix);
        var indexPath = Path.Combine(directory, LogFiles.FileName(baseOffset, LogFiles.IndexSuffix) + suffix);
        var timeIndexPath = Path.Combine(directory, LogFiles.FileName(baseOffset, LogFiles.TimeIndexSuffix) + suffix);
        _indexFilesExisted = System.IO.File.Exists(indexPath) && System.IO.File.Exists(timeIndexPath);
        _indexIntervalBytes = config.IndexIntervalBytes;
        _segmentBytes = Math.Min(config.SegmentBytes, int.MaxValue);
        File = System.IO.File.OpenHandle(FilePath, mode, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        try
        {
            OffsetIndex = OffsetIndex.Open(indexPath, baseOffset, config.SegmentIndexBytes);
            TimeIndex = TimeIndex.Open(timeIndexPath, baseOffset, config.SegmentIndexBytes);
        }
        catch
        {
            OffsetIndex?.Dispose();
            File.Dispose();
            if (mode == FileMode.CreateNew)
            {
                // E.g. out of file descriptors after the log file was created: a retry must find no stray files.
                DeleteIfPresent(FilePath);
                DeleteIfPresent(indexPath);
                DeleteIfPresent(timeIndexPath);
            }

            throw;
        }

        NextOffset = baseOffset;
        OffsetOfMaxTimestamp = baseOffset;
        CreatedAtMs = nowMs;
        LastModifiedMs = nowMs;
    }

    public string FilePath { get; }

    public long BaseOffset { get; }

    public SafeFileHandle File { get; }

    public OffsetIndex OffsetIndex { get; }

    public TimeIndex TimeIndex { get; }

    /// <summary>Bytes of whole batches; appends go here.</summary>
    public long Size { get; private set; }

    /// <summary>The offset the next appended batch receives: last offset + 1.</summary>
    public long NextOffset { get; private set; }

    /// <summary>The largest batch max timestamp in the segment, -1 if none.</summary>
    public long MaxTimestamp { get; private set; } = -1;

    /// <summary>Base offset of the batch that holds <see cref="MaxTimestamp"/>.</summary>
    public long OffsetOfMaxTimestamp { get; private set; }

    public long CreatedAtMs { get; }

    public long LastModifiedMs { get; private set; }

    public bool IsEmpty => Size == 0;

    /// <summary>What retention.ms measures, as Kafka: the largest record timestamp, or the file's modification time without one.</summary>
    public long LargestTimestamp => MaxTimestamp > 0 ? MaxTimestamp : LastModifiedMs;

    /// <summary>A new, empty segment; index files left behind by an older segment of the same name are emptied.</summary>
    public static LogSegment Create(string directory, long baseOffset, LogConfig config, long nowMs)
    {
        var segment = new LogSegment(directory, baseOffset, config, nowMs, FileMode.CreateNew);
        segment.OffsetIndex.Clear();
        segment.TimeIndex.Clear();
        return segment;
    }

    /// <summary>
    /// A new segment whose three files carry <paramref name="suffix"/> (the cleaner's <see cref="LogFiles.CleanedSuffix"/>):
    /// written beside the original, then renamed over it.
    /// </summary>
    public static LogSegment CreateTemporary(string directory, long baseOffset, LogConfig config, long nowMs, string suffix)
    {
        var segment = new LogSegment(directory, baseOffset, config, nowMs, FileMode.Create, suffix);
        segment.OffsetIndex.Clear();
        segment.TimeIndex.Clear();
        return segment;
    }

    /// <summary>
    /// Opens an existing segment's files without reading the log: follow with <see cref="LoadTrusted"/> or
    /// <see cref="Recover"/>.
    /// </summary>
    public static LogSegment Open(string directory, long baseOffset, LogConfig config, long nowMs)
    {
        var segment = new LogSegment(directory, baseOffset, config, nowMs, FileMode.Open);
        segment.LastModifiedMs = new DateTimeOffset(System.IO.File.GetLastWriteTimeUtc(segment.FilePath)).ToUnixTimeMilliseconds();
        return segment;
    }

    /// <summary>
    /// Trusts the index files of a segment that was fsynced whole: checks every entry against the log size, then
    /// walks only the batch headers after the last offset-index entry (at most about index.interval.bytes) to find
    /// the log end, re-adding any index entries missing there. Returns null on success, else why the indexes must be
    /// rebuilt with <see cref="Recover"/>.
    /// </summary>
    public string? LoadTrusted()
    {
        var length = RandomAccess.GetLength(File);
        if (!_indexFilesExisted && length > 0)
        {
            return "index files are missing";
        }

        if ((OffsetIndex.SanityCheck(length) ?? TimeIndex.SanityCheck(long.MaxValue)) is { } problem)
        {
            return problem;
        }

        var last = OffsetIndex.LastEntry;
        var lastTime = TimeIndex.LastEntry;
        MaxTimestamp = lastTime.Timestamp;
        OffsetOfMaxTimestamp = lastTime.Offset;
        NextOffset = last.Offset;
        _bytesSinceIndexEntry = 0;
        Span<byte> buffer = stackalloc byte[8192];
        var cursor = new BatchCursor(File, last.Position, length, buffer);
        var first = true;
        while (cursor.TryRead())
        {
            var batch = cursor.Current;
            if (first ? (OffsetIndex.Count > 0 ? batch.BaseOffset != last.Offset : batch.BaseOffset < BaseOffset) : batch.BaseOffset < NextOffset)
            {
                return $"the batch at position {cursor.Position} has offset {batch.BaseOffset}, which the index does not expect";
            }

            first = false;
            Track(batch, cursor.Position);
            cursor.MoveNext();
        }

        if (cursor.Position != length)
        {
            return $"batch headers after the last index entry end at {cursor.Position}, not at the log's {length} bytes";
        }

        if (TimeIndex.Count > 0 && TimeIndex.LastEntry.Offset >= NextOffset)
        {
            return $"the time index points past the log end {NextOffset}";
        }

        Size = length;
        ReadRollingBasedTimestamp();
        return null;
    }

    /// <summary>
    /// Reads the whole segment, checking every batch's CRC and offset order, rebuilds both indexes from it and
    /// truncates the file at the first torn or corrupt batch. Returns the number of bytes cut off.
    /// </summary>
    public long Recover()
    {
        OffsetIndex.Clear();
        TimeIndex.Clear();
        NextOffset = BaseOffset;
        MaxTimestamp = -1;
        OffsetOfMaxTimestamp = BaseOffset;
        _bytesSinceIndexEntry = 0;
        _rollingBasedTimestamp = -1;
        var length = RandomAccess.GetLength(File);
        var chunk = ArrayPool<byte>.Shared.Rent((int)Math.Min(RecoveryChunkBytes, Math.Max(length, RecordBatch.HeaderSize)));
        byte[]? large = null;
        long position = 0;
        try
        {
            var cursor = new BatchCursor(File, 0, length, chunk);
            while (cursor.TryRead())
            {
                var batch = cursor.Current;
                if (batch.BaseOffset < NextOffset)
                {
                    break;
                }

                if (!cursor.TryGetBatch(out var bytes))
                {
                    large = new byte[batch.TotalSize];
                    bytes = large;
                    if (ReadFully(cursor.Position, large) < large.Length)
                    {
                        break;
                    }
                }

                if (!RecordBatch.HasValidCrc(bytes))
                {
                    break;
                }

                Track(batch, cursor.Position);
                cursor.MoveNext();
                position = cursor.Position;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        var truncated = length - position;
        if (truncated > 0)
        {
            RandomAccess.SetLength(File, position);
        }

        Size = position;
        return truncated;
    }

    /// <summary>Whether <paramref name="incoming"/> must go to a new segment (segment.bytes, segment.ms, full index, offset range).</summary>
    public bool ShouldRoll(in RecordBatch incoming, LogConfig config, long nowMs)
    {
        if (IsEmpty)
        {
            return false;
        }

        // Index positions are int32 and relative offsets too, so a segment stays below 2 GiB and 2^31 offsets.
        var maxBytes = Math.Min(config.SegmentBytes, int.MaxValue);
        var waited = _rollingBasedTimestamp >= 0 ? incoming.MaxTimestamp - _rollingBasedTimestamp : nowMs - CreatedAtMs;
        return Size + incoming.TotalSize > maxBytes
            || waited > config.SegmentMs
            || OffsetIndex.IsFull
            || TimeIndex.IsFull
            || incoming.LastOffset - BaseOffset > int.MaxValue;
    }

    /// <summary>Writes one batch whose offsets were already assigned. The bytes reach the OS before this returns.</summary>
    public void Append(ReadOnlySpan<byte> batchBytes, in RecordBatch batch, long nowMs)
    {
        var end = Size + batchBytes.Length;
        if (end > _preallocatedTo)
        {
            Preallocate(end);
        }

        RandomAccess.Write(File, batchBytes, Size);
        Track(batch, Size);
        Size += batchBytes.Length;
        LastModifiedMs = nowMs;
    }

    /// <summary>
    /// Reserves blocks from the data's end to a step past <paramref name="end"/> (not beyond segment.bytes unless the
    /// batch itself goes there). The mark moves even when nothing could be reserved, so a file system without
    /// fallocate is asked once per step, not once per batch.
    /// </summary>
    private void Preallocate(long end)
    {
        var step = Math.Clamp(Size / 4, MinPreallocation, MaxPreallocation);
        var to = Math.Max(end, Math.Min(end + step, _segmentBytes));
        var from = Math.Max(Size, _preallocatedTo);
        SegmentPreallocation.Reserve(File, from, to - from);
        _preallocatedTo = to;
    }

    /// <summary>
    /// Frees the blocks reserved past the data: a hole punched there (tmpfs, XFS) and a truncation to the data's own
    /// length (ext4 frees blocks past the end only so). The window is fixed rather than <see cref="_preallocatedTo"/>,
    /// so a reservation made before a crash (this instance never knew of it) is given back too. The modification
    /// time is put back: it is the last write, or the cleaner's record of when the segment was cleaned.
    /// </summary>
    private void ReleasePreallocation()
    {
        var modified = System.IO.File.GetLastWriteTimeUtc(File);
        SegmentPreallocation.Release(File, Size, Math.Max(_preallocatedTo - Size, 0) + ReleaseWindow);
        RandomAccess.SetLength(File, Size);
        System.IO.File.SetLastWriteTimeUtc(File, modified);
        _preallocatedTo = Size;
    }

    private void Track(in RecordBatch batch, long position)
    {
        if (position == 0)
        {
            _rollingBasedTimestamp = batch.MaxTimestamp;
        }

        if (batch.MaxTimestamp > MaxTimestamp)
        {
            MaxTimestamp = batch.MaxTimestamp;
            OffsetOfMaxTimestamp = batch.BaseOffset;
        }

        if (_bytesSinceIndexEntry > _indexIntervalBytes)
        {
            OffsetIndex.Append(batch.BaseOffset, position);
            TimeIndex.MaybeAppend(MaxTimestamp, OffsetOfMaxTimestamp);
            _bytesSinceIndexEntry = 0;
        }

        _bytesSinceIndexEntry += batch.TotalSize;
        NextOffset = batch.LastOffset + 1;
    }

    private void ReadRollingBasedTimestamp()
    {
        Span<byte> header = stackalloc byte[RecordBatch.HeaderSize];
        if (Size >= RecordBatch.HeaderSize && RandomAccess.Read(File, header, 0) == RecordBatch.HeaderSize)
        {
            _rollingBasedTimestamp = RecordBatch.ReadHeader(header).MaxTimestamp;
        }
    }

    /// <summary>
    /// Called when the segment stops being the active one (roll or clean close): records its largest timestamp in
    /// the time index, as Kafka does, and hands every pending index entry to the OS.
    /// </summary>
    public void OnBecomeInactive()
    {
        TimeIndex.MaybeAppend(MaxTimestamp, OffsetOfMaxTimestamp);
        OffsetIndex.WritePending();
        TimeIndex.WritePending();
        ReleasePreallocation();
    }

    /// <summary>fsyncs the log and both index files; only for a segment that no longer takes appends.</summary>
    public void FlushAll()
    {
        RandomAccess.FlushToDisk(File);
        OffsetIndex.Flush();
        TimeIndex.Flush();
    }

    /// <summary>Reads up to <paramref name="destination"/>'s length from <paramref name="position"/>; returns the bytes read.</summary>
    public int ReadFully(long position, Span<byte> destination)
    {
        var read = 0;
        while (read < destination.Length)
        {
            var n = RandomAccess.Read(File, destination[read..], position + read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return read;
    }

    public void Dispose()
    {
        if (_preallocatedTo > Size && !File.IsClosed)
        {
            ReleasePreallocation();
        }

        CloseFiles();
    }

    /// <summary>Closes and deletes the log file and its index files (with whatever blocks they hold).</summary>
    public void Delete()
    {
        CloseFiles();
        System.IO.File.Delete(FilePath);
        System.IO.File.Delete(OffsetIndex.FilePath);
        System.IO.File.Delete(TimeIndex.FilePath);
    }

    private static void DeleteIfPresent(string path)
    {
        try
        {
            System.IO.File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    private void CloseFiles()
    {
        File.Dispose();
        OffsetIndex.Dispose();
        TimeIndex.Dispose();
    }
}
