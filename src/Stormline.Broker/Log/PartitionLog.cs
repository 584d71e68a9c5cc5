using Microsoft.Extensions.Logging;
using Stormline.Broker.Producers;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Log;

/// <summary>
/// The log of one topic partition: a list of <see cref="LogSegment"/>s in offset order, the newest one active.
/// Batches are CRC-checked, given offsets, checked against the idempotent producer state and written to the OS
/// before an append returns, so a crash of the process loses nothing acknowledged; fsync follows the flush policy.
/// Thread-safe: one lock per partition serialises appends, reads and retention (reads come from the page cache).
/// </summary>
public sealed class PartitionLog : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<LogSegment> _segments = [];
    private readonly ProducerStateManager _producers = new();
    private readonly ILogger _logger;
    private long _unflushedMessages;
    private long _oldestUnflushedMs = -1;
    private bool _disposed;

    private PartitionLog(string directory, string topic, int partition, LogConfig config, ILogger logger)
    {
        Directory = directory;
        Topic = topic;
        Partition = partition;
        Config = config;
        _logger = logger;
    }

    public string Directory { get; }

    public string Topic { get; }

    public int Partition { get; }

    public LogConfig Config { get; set; }

    /// <summary>Raised after every successful append, outside the lock; fetches waiting for data listen to it.</summary>
    public event Action<PartitionLog>? Appended;

    public long LogStartOffset
    {
        get
        {
            lock (_gate)
            {
                return StartOffsetUnlocked;
            }
        }
    }

    public long LogEndOffset
    {
        get
        {
            lock (_gate)
            {
                return _segments[^1].NextOffset;
            }
        }
    }

    /// <summary>On a single node every appended batch is replicated everywhere it needs to be: HWM = LEO.</summary>
    public long HighWatermark => LogEndOffset;

    public long SizeInBytes
    {
        get
        {
            lock (_gate)
            {
                return _segments.Sum(s => s.Size);
            }
        }
    }

    public int SegmentCount
    {
        get
        {
            lock (_gate)
            {
                return _segments.Count;
            }
        }
    }

    private long StartOffsetUnlocked => _segments[0].IsEmpty ? _segments[0].NextOffset : _segments[0].BaseOffset;

    /// <summary>Opens (recovering) or creates the log in <paramref name="directory"/>.</summary>
    public static PartitionLog Open(string directory, string topic, int partition, LogConfig config, ILogger logger)
    {
        System.IO.Directory.CreateDirectory(directory);
        var log = new PartitionLog(directory, topic, partition, config, logger);
        var files = System.IO.Directory.GetFiles(directory, "*" + LogFiles.LogSuffix)
            .Select(f => (Path: f, Ok: LogFiles.TryParseBaseOffset(Path.GetFileName(f), out var b), Base: b))
            .Where(f => f.Ok)
            .OrderBy(f => f.Base)
            .ToList();
        for (var i = 0; i < files.Count; i++)
        {
            // Only the tail can hold a torn write; earlier segments were complete when the next one was rolled.
            var isLast = i == files.Count - 1;
            var segment = LogSegment.Open(files[i].Path, files[i].Base, config.IndexIntervalBytes, validateCrc: isLast, b => log._producers.Record(b), out var truncated);
            if (truncated > 0)
            {
                logger.LogWarning("Recovered {Topic}-{Partition}: truncated {Bytes} bytes of a torn or corrupt write in {File}", topic, partition, truncated, Path.GetFileName(files[i].Path));
            }

            log._segments.Add(segment);
        }

        if (log._segments.Count == 0)
        {
            log._segments.Add(LogSegment.Create(directory, 0, config.IndexIntervalBytes));
        }

        return log;
    }

    /// <summary>
    /// Validates and appends the record batches of one produce request. All batches are checked before any is
    /// written, so a bad batch leaves the log untouched.
    /// </summary>
    public AppendResult Append(Memory<byte> records)
    {
        var batches = new List<(int Start, RecordBatch Header)>();
        var span = records.Span;
        var position = 0;
        while (position < span.Length)
        {
            if (span.Length - position < RecordBatch.HeaderSize)
            {
                return AppendResult.Failed(ErrorCode.CorruptMessage, "truncated record batch header");
            }

            var header = RecordBatch.ReadHeader(span[position..]);
            if (header.Magic != 2)
            {
                return AppendResult.Failed(ErrorCode.UnsupportedForMessageFormat, $"record batch magic {header.Magic}; only v2 batches are accepted");
            }

            if (header.BatchLength < RecordBatch.HeaderSize - RecordBatch.LogOverhead || header.TotalSize > span.Length - position || header.LastOffsetDelta < 0 || header.RecordCount < 0)
            {
                return AppendResult.Failed(ErrorCode.CorruptMessage, "record batch length out of range");
            }

            if (header.TotalSize > Config.MaxMessageBytes)
            {
                return AppendResult.Failed(ErrorCode.MessageTooLarge, $"record batch of {header.TotalSize} bytes exceeds max.message.bytes {Config.MaxMessageBytes}");
            }

            if (!RecordBatch.HasValidCrc(span.Slice(position, header.TotalSize)))
            {
                return AppendResult.Failed(ErrorCode.CorruptMessage, "record batch CRC-32C mismatch");
            }

            batches.Add((position, header));
            position += header.TotalSize;
        }

        if (batches.Count == 0)
        {
            return AppendResult.Failed(ErrorCode.InvalidRecord, "no record batch in the request");
        }

        AppendResult result;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var first = batches[0].Header;
            var check = _producers.Check(first);
            if (check.Error != ErrorCode.None)
            {
                return AppendResult.Failed(check.Error);
            }

            if (check.IsDuplicate)
            {
                return new AppendResult(ErrorCode.None, check.DuplicateOfOffset, -1, StartOffsetUnlocked);
            }

            long baseOffset = -1;
            var appendTime = Config.LogAppendTime ? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() : -1;
            foreach (var (start, header) in batches)
            {
                MaybeRoll(header.TotalSize);
                var active = _segments[^1];
                var offset = active.NextOffset;
                baseOffset = baseOffset < 0 ? offset : baseOffset;
                var bytes = records.Span.Slice(start, header.TotalSize);
                RecordBatch.AssignOffset(bytes, offset, 0);
                var assigned = header with { BaseOffset = offset };
                active.Append(bytes, assigned);
                _producers.Record(assigned);
                _unflushedMessages += header.LastOffsetDelta + 1;
            }

            MaybeFlush();
            result = new AppendResult(ErrorCode.None, baseOffset, appendTime, StartOffsetUnlocked);
        }

        Appended?.Invoke(this);
        return result;
    }

    private void MaybeRoll(int incomingBytes)
    {
        var active = _segments[^1];
        if (active.IsEmpty)
        {
            return;
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        if (active.Size + incomingBytes > Config.SegmentBytes || now - active.CreatedAtMs >= Config.SegmentMs)
        {
            // Kafka fsyncs a segment when it rolls; so do we, so that only the active segment can hold a torn tail.
            active.Flush();
            _segments.Add(LogSegment.Create(Directory, active.NextOffset, Config.IndexIntervalBytes));
        }
    }

    private void MaybeFlush()
    {
        var now = Environment.TickCount64;
        if (_oldestUnflushedMs < 0)
        {
            _oldestUnflushedMs = now;
        }

        if (_unflushedMessages >= Config.FlushMessages || (Config.FlushMs != long.MaxValue && now - _oldestUnflushedMs >= Config.FlushMs))
        {
            FlushUnlocked();
        }
    }

    private void FlushUnlocked()
    {
        _segments[^1].Flush();
        _unflushedMessages = 0;
        _oldestUnflushedMs = -1;
    }

    /// <summary>fsyncs the active segment if anything is unflushed and the flush.ms interval has passed (called by the broker's timer).</summary>
    public void FlushIfDue()
    {
        lock (_gate)
        {
            if (_disposed || _oldestUnflushedMs < 0 || Config.FlushMs == long.MaxValue)
            {
                return;
            }

            if (Environment.TickCount64 - _oldestUnflushedMs >= Config.FlushMs)
            {
                FlushUnlocked();
            }
        }
    }

    public void Flush()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                FlushUnlocked();
            }
        }
    }

    /// <summary>
    /// Copies whole batches starting with the one that holds <paramref name="offset"/> into a new buffer, up to
    /// <paramref name="maxBytes"/>, but always at least one whole batch (KIP-74) when <paramref name="minOneBatch"/>.
    /// Returns null when the offset is out of range, an empty buffer when there is nothing yet.
    /// </summary>
    public byte[]? Read(long offset, int maxBytes, bool minOneBatch)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var end = _segments[^1].NextOffset;
            if (offset < StartOffsetUnlocked || offset > end)
            {
                return null;
            }

            if (offset == end)
            {
                return [];
            }

            var index = FindSegment(offset);
            for (; index < _segments.Count; index++)
            {
                var segment = _segments[index];
                var position = segment.FindPosition(offset);
                if (position < 0)
                {
                    continue;
                }

                return ReadBatches(segment, position, maxBytes, minOneBatch);
            }

            return [];
        }
    }

    private static byte[] ReadBatches(LogSegment segment, long position, int maxBytes, bool minOneBatch)
    {
        // Walk headers to end on a batch boundary within maxBytes.
        Span<byte> header = stackalloc byte[RecordBatch.HeaderSize];
        long length = 0;
        while (position + length < segment.Size)
        {
            segment.Read(position + length, header);
            var size = RecordBatch.ReadHeader(header).TotalSize;
            if (length + size > maxBytes && !(minOneBatch && length == 0))
            {
                break;
            }

            length += size;
            if (length >= maxBytes)
            {
                break;
            }
        }

        var buffer = new byte[length];
        segment.Read(position, buffer);
        return buffer;
    }

    private int FindSegment(long offset)
    {
        var lo = 0;
        var hi = _segments.Count - 1;
        var found = 0;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_segments[mid].BaseOffset <= offset)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }

    /// <summary>The earliest offset whose batch has a timestamp at or after <paramref name="timestamp"/>; LEO if none.</summary>
    public long OffsetForTimestamp(long timestamp)
    {
        lock (_gate)
        {
            foreach (var segment in _segments)
            {
                var offset = segment.FindOffsetByTimestamp(timestamp);
                if (offset >= 0)
                {
                    return Math.Max(offset, StartOffsetUnlocked);
                }
            }

            return -1;
        }
    }

    /// <summary>Deletes whole segments that are past retention.ms or beyond retention.bytes; never the active one.</summary>
    public int EnforceRetention(long nowMs)
    {
        var deleted = 0;
        lock (_gate)
        {
            if (_disposed)
            {
                return 0;
            }

            var total = _segments.Sum(s => s.Size);
            while (_segments.Count > 1)
            {
                var oldest = _segments[0];
                var expired = Config.RetentionMs >= 0 && oldest.MaxTimestamp >= 0 && nowMs - oldest.MaxTimestamp > Config.RetentionMs;
                var oversize = Config.RetentionBytes >= 0 && total - oldest.Size >= Config.RetentionBytes;
                if (!expired && !oversize)
                {
                    break;
                }

                total -= oldest.Size;
                oldest.Delete();
                _segments.RemoveAt(0);
                deleted++;
            }
        }

        if (deleted > 0)
        {
            _logger.LogInformation("Retention deleted {Count} segment(s) of {Topic}-{Partition}", deleted, Topic, Partition);
        }

        return deleted;
    }

    /// <summary>Closes files; with <paramref name="deleteFiles"/> removes the partition's directory (topic deletion).</summary>
    public void Close(bool deleteFiles)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var segment in _segments)
            {
                if (!deleteFiles)
                {
                    segment.Flush();
                }

                segment.Dispose();
            }
        }

        if (deleteFiles)
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    public void Dispose() => Close(deleteFiles: false);
}
