using Microsoft.Extensions.Logging;
using Stormline.Broker.Producers;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Log;

/// <summary>
/// The log of one topic partition (Kafka's UnifiedLog on one node): <see cref="LogSegment"/>s in offset order, the
/// last one active. Batches are CRC-checked, given offsets, checked against the idempotent producer state and
/// written to the OS before an append returns, so a crash of the process loses nothing acknowledged; fsync follows
/// the flush policy (see <c>docs/broker-storage.md</c>).
/// Thread-safe: one lock per partition serialises appends, rolls, retention and index lookups; reads and fsyncs do
/// their file I/O outside it, on bytes below the size they saw under the lock.
/// </summary>
public sealed partial class PartitionLog : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<LogSegment> _segments = [];
    private readonly ProducerStateManager _producers = new();
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly LogFileSystem _fileSystem;
    private long _logEndOffset;
    private long _logStartOffset;
    private long _deletedRecordsBelow;
    private volatile bool _disposed;

    private PartitionLog(string directory, string topic, int partition, LogConfig config, ILogger logger, TimeProvider time, LogFileSystem fileSystem)
    {
        _fileSystem = fileSystem;
        Directory = directory;
        Topic = topic;
        Partition = partition;
        Config = config;
        _logger = logger;
        _time = time;
    }

    public string Directory { get; }

    public string Topic { get; }

    public int Partition { get; }

    /// <summary>Replaced as a whole when the topic's configs change; every append reads it once.</summary>
    public LogConfig Config { get; set; }

    /// <summary>Raised after every successful append, outside the lock; fetches waiting for data listen to it.</summary>
    public event Action<PartitionLog>? Appended;

    public long LogStartOffset => Volatile.Read(ref _logStartOffset);

    public long LogEndOffset => Volatile.Read(ref _logEndOffset);

    /// <summary>On a single node every appended batch is replicated everywhere it needs to be: HWM = LEO.</summary>
    public long HighWatermark => LogEndOffset;

    public long SizeInBytes
    {
        get
        {
            lock (_gate)
            {
                return TotalSizeUnlocked();
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

    /// <summary>
    /// Validates and appends the record batches of one produce request. All batches are checked before any is
    /// written, so a bad batch leaves the log untouched. The bytes of <paramref name="records"/> are rewritten in
    /// place (offsets, and the timestamp under LogAppendTime).
    /// </summary>
    public AppendResult Append(Memory<byte> records)
    {
        if (Validate(records.Span, out var messages) is { } invalid)
        {
            return invalid;
        }

        var config = Config;
        long baseOffset;
        long appendTime;
        long startOffset;
        var flushTo = -1L;
        var duplicateOf = -1L;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_offline)
            {
                return OfflineResult;
            }

            var check = _producers.Check(RecordBatch.ReadHeader(records.Span));
            if (check.Error != ErrorCode.None)
            {
                return AppendResult.Failed(check.Error);
            }

            if (check.IsDuplicate)
            {
                // A retry is answered with the original offset, but never before the original is as durable as
                // flush.messages=1 promises: its first answer may have been lost while its fsync was still running.
                startOffset = _logStartOffset;
                flushTo = config.FlushMessages == 1 ? _logEndOffset : -1;
                duplicateOf = baseOffset = check.DuplicateOfOffset;
                appendTime = -1;
            }
            else
            {
                var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
                appendTime = config.LogAppendTime ? nowMs : -1;
                baseOffset = _logEndOffset;
                var span = records.Span;
                var position = 0;
                try
                {
                    while (position < span.Length)
                    {
                        var header = AppendBatchUnlocked(span[position..], config, nowMs, appendTime);
                        _producers.Record(header);
                        position += header.TotalSize;
                    }
                }
                catch (SegmentRollException ex)
                {
                    // The partition stays online: nothing of the failed batch was written and the next append rolls again.
                    _logger.LogError(ex, "{Topic}-{Partition}: append refused with KAFKA_STORAGE_ERROR", Topic, Partition);
                    return AppendResult.Failed(ErrorCode.KafkaStorageError, ex.Message);
                }

                if (CountUnflushed(messages, config))
                {
                    flushTo = _logEndOffset;
                }

                startOffset = _logStartOffset;
            }
        }

        if (flushTo >= 0 && !FlushUpTo(flushTo))
        {
            return OfflineResult;
        }

        if (duplicateOf >= 0)
        {
            return new AppendResult(ErrorCode.None, duplicateOf, -1, startOffset);
        }

        Appended?.Invoke(this);
        return new AppendResult(ErrorCode.None, baseOffset, appendTime, startOffset);
    }

    /// <summary>Under the lock: gives the batch at the start of <paramref name="span"/> the next offsets and writes it to the active segment, rolling first if due.</summary>
    private RecordBatch AppendBatchUnlocked(Span<byte> span, LogConfig config, long nowMs, long appendTime)
    {
        var header = RecordBatch.ReadHeader(span);
        var bytes = span[..header.TotalSize];
        header = AssignOffsets(bytes, header, _logEndOffset, appendTime);
        if (_segments[^1].ShouldRoll(header, config, nowMs))
        {
            Roll(nowMs);
        }

        _segments[^1].Append(bytes, header, nowMs);
        Volatile.Write(ref _logEndOffset, header.LastOffset + 1);
        return header;
    }

    /// <summary>Checks framing, size, magic and CRC of every batch, and that sequences within the request follow on.</summary>
    private AppendResult? Validate(ReadOnlySpan<byte> span, out long messages)
    {
        messages = 0;
        var position = 0;
        RecordBatch previous = default;
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

            // Transaction markers are the coordinator's to write (Kafka's LogValidator refuses them from clients).
            if (header.IsControl)
            {
                return AppendResult.Failed(ErrorCode.InvalidRecord, "control batches are written by the broker, not produced");
            }

            // Compaction keeps the latest record per key, so a record without one has no place in the log (Kafka's LogValidator).
            if (Config.Compact && BatchRecords.FirstWithoutKey(span.Slice(position, header.TotalSize), header) >= 0)
            {
                return AppendResult.Failed(ErrorCode.InvalidRecord, $"Compacted topic cannot accept message without key in topic partition {Topic}-{Partition}");
            }

            if (position > 0 && header.IsTransactional != previous.IsTransactional)
            {
                return AppendResult.Failed(ErrorCode.InvalidRecord, "a request's batches must be all transactional or none");
            }

            // The producer state checks a request's first batch; later ones must continue its sequence.
            if (position > 0 && header.HasProducerId && header.BaseSequence >= 0
                && (header.ProducerId != previous.ProducerId || header.ProducerEpoch != previous.ProducerEpoch || header.BaseSequence != (previous.LastSequence == int.MaxValue ? 0 : previous.LastSequence + 1)))
            {
                return AppendResult.Failed(ErrorCode.OutOfOrderSequenceNumber, "batches of one request must continue one producer's sequence");
            }

            previous = header;
            messages += header.LastOffsetDelta + 1L;
            position += header.TotalSize;
        }

        return position == 0 ? AppendResult.Failed(ErrorCode.InvalidRecord, "no record batch in the request") : null;
    }

    /// <summary>
    /// Writes the broker's fields into the batch: base offset and leader epoch (outside the CRC), and under
    /// LogAppendTime the timestamp type and max timestamp, which the CRC covers, so it is recomputed as Kafka does.
    /// </summary>
    private static RecordBatch AssignOffsets(Span<byte> bytes, in RecordBatch header, long baseOffset, long appendTime)
    {
        RecordBatch.AssignOffset(bytes, baseOffset, 0);
        if (appendTime < 0)
        {
            return header with { BaseOffset = baseOffset, PartitionLeaderEpoch = 0 };
        }

        var attributes = (short)(header.Attributes | 0x08);
        System.Buffers.Binary.BinaryPrimitives.WriteInt16BigEndian(bytes[RecordBatch.AttributesOffset..], attributes);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes[35..], appendTime);
        var crc = RecordBatch.ComputeCrc(bytes);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes[RecordBatch.CrcOffset..], crc);
        return header with { BaseOffset = baseOffset, PartitionLeaderEpoch = 0, Attributes = attributes, MaxTimestamp = appendTime, Crc = crc };
    }

    /// <summary>
    /// Makes the active segment inactive and starts a new one at the log end. The old segment's indexes and a
    /// producer snapshot reach the OS now; their fsync runs in the background (as Kafka flushes a rolled segment
    /// asynchronously) and then advances the recovery point.
    /// </summary>
    /// <exception cref="SegmentRollException">The new segment or the snapshot could not be created (e.g. out of file
    /// descriptors); the log is as it was, and the next append tries again.</exception>
    private void Roll(long nowMs)
    {
        var old = _segments[^1];
        var newBase = old.NextOffset;
        LogSegment next;
        string snapshot;
        try
        {
            next = LogSegment.Create(Directory, newBase, Config, nowMs);
        }
        catch (IOException ex)
        {
            throw new SegmentRollException($"Could not open a new segment at offset {newBase} of {Topic}-{Partition}: {ex.Message}", ex);
        }

        try
        {
            snapshot = WriteProducerSnapshot(newBase, flushToDisk: false);
        }
        catch (IOException ex)
        {
            next.Delete();
            throw new SegmentRollException($"Could not write the producer snapshot at offset {newBase} of {Topic}-{Partition}: {ex.Message}", ex);
        }

        old.OnBecomeInactive();
        _segments.Add(next);
        _directoryDirty = true;
        ScheduleRollFlush(old, newBase, snapshot);
    }

    private long TotalSizeUnlocked()
    {
        long total = 0;
        foreach (var segment in _segments)
        {
            total += segment.Size;
        }

        return total;
    }

    /// <summary>The first segment's start, or where DeleteRecords moved it inside that segment (never past the log end).</summary>
    private void UpdateStartOffsetUnlocked()
    {
        var first = _segments[0];
        var segmentStart = first.IsEmpty ? first.NextOffset : first.BaseOffset;
        Volatile.Write(ref _logStartOffset, Math.Min(Math.Max(segmentStart, _deletedRecordsBelow), _logEndOffset));
    }

    public void Dispose() => Close(deleteFiles: false);
}
