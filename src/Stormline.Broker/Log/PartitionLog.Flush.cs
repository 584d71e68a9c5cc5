using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Stormline.Broker.Telemetry;

namespace Stormline.Broker.Log;

/// <summary>
/// Durability: the flush policy (flush.messages / flush.ms), group commit, the background flush of rolled segments,
/// the recovery point and the clean close.
/// </summary>
public sealed partial class PartitionLog
{
    private const int SnapshotsKept = 2;

    /// <summary>Serialises fsyncs of the log so that appenders waiting for one share it (group commit).</summary>
    private readonly Lock _flushGate = new();

    /// <summary>Serialises writes of the recovery-point file.</summary>
    private readonly Lock _checkpointGate = new();

    /// <summary>Segments one flush covers; only touched under <see cref="_flushGate"/>.</summary>
    private readonly List<LogSegment> _toFlush = [];

    private long _unflushedMessages;
    private long _firstUnflushedTimestamp = -1;
    private long _flushedOffset;
    private long _recoveryPoint;
    private Task _rollFlushes = Task.CompletedTask;
    private long _fsyncCount;
    private volatile bool _offline;

    /// <summary>A segment file was created since the directory was last fsynced (a roll); the next flush syncs it too.</summary>
    private bool _directoryDirty;

    private static AppendResult OfflineResult => AppendResult.Failed(Protocol.ErrorCode.KafkaStorageError, "an fsync of this partition failed; it is offline until the broker restarts");

    /// <summary>
    /// An fsync failed: from then on appends and fetches answer KAFKA_STORAGE_ERROR, as Kafka takes a failed log
    /// directory offline. After a failed fsync the OS may have dropped the dirty pages and a later fsync may report
    /// success all the same, so no later flush is trusted until a restart recovers the log from what is on disk.
    /// </summary>
    public bool IsOffline => _offline;

    /// <summary>fsyncs of log, index and snapshot files so far (tests and metrics).</summary>
    internal long FsyncCount => Interlocked.Read(ref _fsyncCount);

    /// <summary>The offset below which everything was fsynced and will be trusted on the next start.</summary>
    internal long RecoveryPoint
    {
        get
        {
            lock (_checkpointGate)
            {
                return _recoveryPoint;
            }
        }
    }

    /// <summary>Under the lock: counts appended messages; true when the flush policy wants an fsync before the answer.</summary>
    private bool CountUnflushed(long messages, LogConfig config)
    {
        _unflushedMessages += messages;
        if (_firstUnflushedTimestamp < 0)
        {
            _firstUnflushedTimestamp = _time.GetTimestamp();
        }

        return _unflushedMessages >= config.FlushMessages
            || (config.FlushMs != long.MaxValue && _time.GetElapsedTime(_firstUnflushedTimestamp).TotalMilliseconds >= config.FlushMs);
    }

    /// <summary>
    /// Returns once everything below <paramref name="offset"/> is on disk, true; false when the partition is (now)
    /// offline because an fsync failed. The fsync runs outside the append lock, so appends go on meanwhile; an
    /// appender that finds an fsync in progress waits for it and then usually finds its own data covered by it, so
    /// concurrent producers share fsyncs instead of queueing one each.
    /// </summary>
    private bool FlushUpTo(long offset)
    {
        if (Volatile.Read(ref _flushedOffset) >= offset)
        {
            return !_offline;
        }

        lock (_flushGate)
        {
            if (_offline)
            {
                return false;
            }

            if (_flushedOffset >= offset)
            {
                return true;
            }

            long target;
            bool syncDirectory;
            lock (_gate)
            {
                if (_disposed)
                {
                    return true;
                }

                target = _logEndOffset;
                _toFlush.Clear();
                for (var i = _segments.Count - 1; i >= 0 && _segments[i].NextOffset > _flushedOffset; i--)
                {
                    _toFlush.Add(_segments[i]);
                }

                _unflushedMessages = 0;
                _firstUnflushedTimestamp = -1;
                syncDirectory = _directoryDirty;
                _directoryDirty = false;
            }

            var flushStarted = Stopwatch.GetTimestamp();
            try
            {
                foreach (var segment in _toFlush)
                {
                    try
                    {
                        // The log file only: the active segment's indexes are rebuilt after a crash.
                        _fileSystem.Fsync(segment.File);
                        Interlocked.Increment(ref _fsyncCount);
                    }
                    catch (ObjectDisposedException)
                    {
                        // Deleted by retention, or the log closed (and Close flushes): nothing left to make durable here.
                    }
                }

                if (syncDirectory)
                {
                    _fileSystem.FsyncDirectory(Directory);
                }
            }
            catch (IOException ex)
            {
                TakeOffline(ex, "fsync under the flush policy");
                return false;
            }

            BrokerTelemetry.RecordFlush(flushStarted);
            Volatile.Write(ref _flushedOffset, target);
            return true;
        }
    }

    private void TakeOffline(IOException ex, string what)
    {
        _offline = true;
        _logger.LogCritical(ex, "{Topic}-{Partition}: {What} failed; the partition is offline (KAFKA_STORAGE_ERROR) until the broker restarts and recovers it", Topic, Partition, what);
    }

    /// <summary>fsyncs the active segment if anything is unflushed and the flush.ms interval has passed (called by the broker's timer).</summary>
    public void FlushIfDue()
    {
        long target;
        lock (_gate)
        {
            var flushMs = Config.FlushMs;
            if (_disposed || _firstUnflushedTimestamp < 0 || flushMs == long.MaxValue || _time.GetElapsedTime(_firstUnflushedTimestamp).TotalMilliseconds < flushMs)
            {
                return;
            }

            target = _logEndOffset;
        }

        FlushUpTo(target);
    }

    /// <summary>fsyncs everything appended so far.</summary>
    public void Flush()
    {
        long target;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            target = _logEndOffset;
        }

        FlushUpTo(target);
    }

    /// <summary>Under the lock: queues the fsync of a rolled segment and its snapshot, then the recovery point's advance.</summary>
    private void ScheduleRollFlush(LogSegment rolled, long upTo, string snapshot) =>
        _rollFlushes = _rollFlushes.ContinueWith(_ => FlushRolled(rolled, upTo, snapshot), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

    private void FlushRolled(LogSegment rolled, long upTo, string snapshot)
    {
        try
        {
            rolled.FlushAll();
            Interlocked.Increment(ref _fsyncCount);
            using (var file = File.OpenHandle(snapshot, FileMode.Open, FileAccess.ReadWrite))
            {
                RandomAccess.FlushToDisk(file);
            }

            // The new segment's and the snapshot's names, before the recovery point says they are there.
            _fileSystem.FsyncDirectory(Directory);
        }
        catch (ObjectDisposedException)
        {
            // Retention deleted the segment: nothing of it needs to survive.
        }
        catch (FileNotFoundException)
        {
            // A newer snapshot replaced this one; without any, a restart replays batch headers instead.
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The next roll or the clean close tries again; until then a restart recovers more than it needs to.
            _logger.LogError(ex, "{Topic}-{Partition}: flushing rolled segment {File} failed; the recovery point stays at {RecoveryPoint}", Topic, Partition, Path.GetFileName(rolled.FilePath), RecoveryPoint);
            return;
        }

        try
        {
            AdvanceRecoveryPoint(upTo);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogError(ex, "{Topic}-{Partition}: writing the recovery point {Offset} failed", Topic, Partition, upTo);
        }
    }

    private void AdvanceRecoveryPoint(long offset)
    {
        lock (_checkpointGate)
        {
            if (offset <= _recoveryPoint)
            {
                return;
            }

            OffsetCheckpoint.Write(Directory, LogFiles.RecoveryPointFile, offset);
            _recoveryPoint = offset;
        }
    }

    /// <summary>Under the lock: writes the producer state as of <paramref name="offset"/> and drops all but the newest snapshots.</summary>
    private string WriteProducerSnapshot(long offset, bool flushToDisk)
    {
        var path = Path.Combine(Directory, LogFiles.FileName(offset, LogFiles.SnapshotSuffix));
        _producers.DropAbortedBelow(_logStartOffset);
        _producers.WriteSnapshot(path, offset, flushToDisk);
        var snapshots = OffsetsOfFiles(LogFiles.SnapshotSuffix);
        for (var i = 0; i < snapshots.Count - SnapshotsKept; i++)
        {
            File.Delete(Path.Combine(Directory, LogFiles.FileName(snapshots[i], LogFiles.SnapshotSuffix)));
        }

        return path;
    }

    /// <summary>
    /// Closes the files. A clean close (<paramref name="deleteFiles"/> false) first fsyncs every segment above the
    /// recovery point with its indexes, writes a producer snapshot at the log end and moves the recovery point there,
    /// so the next start trusts every file and scans nothing. With <paramref name="deleteFiles"/> the partition's
    /// directory is removed (topic deletion).
    /// </summary>
    public void Close(bool deleteFiles)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        // A cleaning pass sees the flag at its next batch and gives up; its temporary files are gone when it lets go.
        lock (_cleanGate)
        {
        }

        // Roll flushes still queued finish first; they take only the checkpoint lock.
        _rollFlushes.Wait();
        lock (_gate)
        {
            if (!deleteFiles)
            {
                try
                {
                    _segments[^1].OnBecomeInactive();
                    foreach (var segment in _segments)
                    {
                        if (segment.NextOffset > RecoveryPoint || segment == _segments[^1])
                        {
                            segment.FlushAll();
                            Interlocked.Increment(ref _fsyncCount);
                        }
                    }

                    WriteProducerSnapshot(_logEndOffset, flushToDisk: true);
                    AdvanceRecoveryPoint(_logEndOffset);
                }
                catch (IOException ex)
                {
                    _logger.LogError(ex, "{Topic}-{Partition}: clean close failed; the next start recovers the log", Topic, Partition);
                }
            }

            foreach (var segment in _segments)
            {
                segment.Dispose();
            }
        }

        if (deleteFiles)
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
