using System.Buffers;
using Microsoft.Extensions.Logging;

namespace Stormline.Broker.Log;

/// <summary>Opening a partition's log: trusting what the recovery point covers, recovering the rest (Kafka's LogLoader).</summary>
public sealed partial class PartitionLog
{
    /// <summary>Segments that were CRC-scanned when the log opened (0 after a clean shutdown).</summary>
    internal int RecoveredSegments { get; private set; }

    /// <summary>
    /// Opens (recovering) or creates the log in <paramref name="directory"/>. Segments that end at or below the
    /// recovery point keep their index files after a sanity check; every other segment (after a crash, at least the
    /// active one) is CRC-scanned, its torn or corrupt tail truncated and its indexes rebuilt. Then the producer state
    /// is loaded from the newest snapshot and the batch headers after it.
    /// </summary>
    /// <param name="fileSystem">The fsync calls (tests inject failures); <see cref="LogFileSystem.Default"/> when null.</param>
    public static PartitionLog Open(string directory, string topic, int partition, LogConfig config, ILogger logger, TimeProvider? time = null, LogFileSystem? fileSystem = null)
    {
        System.IO.Directory.CreateDirectory(directory);
        var log = new PartitionLog(directory, topic, partition, config, logger, time ?? TimeProvider.System, fileSystem ?? LogFileSystem.Default);
        try
        {
            log.Load();
        }
        catch
        {
            foreach (var segment in log._segments)
            {
                segment.Dispose();
            }

            throw;
        }

        return log;
    }

    private void Load()
    {
        foreach (var temp in System.IO.Directory.GetFiles(Directory, "*" + LogFiles.TempSuffix))
        {
            File.Delete(temp);
        }

        CompleteInterruptedSwaps();
        var bases = OffsetsOfFiles(LogFiles.LogSuffix);
        DeleteOrphanIndexes(bases);
        _recoveryPoint = OffsetCheckpoint.Read(Directory, LogFiles.RecoveryPointFile);
        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        for (var i = 0; i < bases.Count; i++)
        {
            var isLast = i == bases.Count - 1;
            var segment = LogSegment.Open(Directory, bases[i], Config, nowMs);
            _segments.Add(segment);
            var recovered = RecoveredSegments;
            var truncated = LoadSegment(segment, isLast ? -1 : bases[i + 1]);
            if (!isLast && truncated == 0)
            {
                // An older segment takes no more appends: its rebuilt or completed indexes go to disk now.
                segment.OnBecomeInactive();
                if (RecoveredSegments > recovered)
                {
                    segment.FlushAll();
                }
            }

            if (truncated > 0 && !isLast)
            {
                // Offsets must stay contiguous: what followed a damaged segment can no longer be reached, as in Kafka.
                _logger.LogError("{Topic}-{Partition}: {File} was cut short, so the {Count} later segment(s) can no longer follow it; deleting them", Topic, Partition, Path.GetFileName(segment.FilePath), bases.Count - i - 1);
                for (var j = i + 1; j < bases.Count; j++)
                {
                    foreach (var suffix in (string[])[LogFiles.LogSuffix, LogFiles.IndexSuffix, LogFiles.TimeIndexSuffix])
                    {
                        File.Delete(Path.Combine(Directory, LogFiles.FileName(bases[j], suffix)));
                    }
                }

                break;
            }
        }

        if (_segments.Count == 0)
        {
            _segments.Add(LogSegment.Create(Directory, 0, Config, nowMs));
        }

        _logEndOffset = _segments[^1].NextOffset;
        _deletedRecordsBelow = OffsetCheckpoint.Read(Directory, LogFiles.LogStartOffsetFile);
        UpdateStartOffsetUnlocked();
        LoadCleanerState();
        if (_recoveryPoint > _logEndOffset)
        {
            _logger.LogWarning("{Topic}-{Partition}: recovery point {RecoveryPoint} lies past the recovered log end {LogEndOffset}", Topic, Partition, _recoveryPoint, _logEndOffset);
            _recoveryPoint = _logEndOffset;
            OffsetCheckpoint.Write(Directory, LogFiles.RecoveryPointFile, _recoveryPoint);
        }
        else if (_segments.Count > 1 && _recoveryPoint < _segments[^1].BaseOffset)
        {
            // Every older segment was trusted or recovered and fsynced above.
            _recoveryPoint = _segments[^1].BaseOffset;
            OffsetCheckpoint.Write(Directory, LogFiles.RecoveryPointFile, _recoveryPoint);
        }

        _flushedOffset = _recoveryPoint;
        SyncAfterLoad();
        LoadProducerState();
    }

    /// <summary>
    /// Makes what the load found durable before anything is acknowledged: under a flush policy the partition directory
    /// (its files were created or cut) and its name in the data directory, and always, when it was recovered after a crash, the active segment, which may hold appends the OS
    /// never wrote back; a producer's retry of one of them is answered as a duplicate without another fsync of its
    /// own. A failure leaves the partition offline rather than acknowledging on top of it.
    /// </summary>
    private void SyncAfterLoad()
    {
        try
        {
            if (_flushedOffset < _logEndOffset)
            {
                _fileSystem.Fsync(_segments[^1].File);
                Interlocked.Increment(ref _fsyncCount);
                _flushedOffset = _logEndOffset;
            }

            // Without a flush policy nothing acknowledged is promised to survive a power loss, so the names need not
            // either; with one, they must (CreatePartitions of thousands then pays two directory fsyncs each).
            if (Config.FlushMessages != long.MaxValue || Config.FlushMs != long.MaxValue)
            {
                _fileSystem.FsyncDirectory(Directory);
                _fileSystem.FsyncDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Directory))!);
            }
        }
        catch (IOException ex)
        {
            TakeOffline(ex, "fsync after opening the log");
        }
    }

    /// <summary>Loads one segment, trusting it when the recovery point covers it whole; returns the bytes recovery cut off.</summary>
    private long LoadSegment(LogSegment segment, long nextBase)
    {
        var file = Path.GetFileName(segment.FilePath);
        var isLast = nextBase < 0;
        if (!isLast ? nextBase <= _recoveryPoint : segment.BaseOffset <= _recoveryPoint)
        {
            // The last segment is covered only if it ends exactly at the recovery point: a clean close put it there.
            var problem = segment.LoadTrusted();
            if (problem is null && (!isLast || segment.NextOffset == _recoveryPoint))
            {
                return 0;
            }

            if (problem is null)
            {
                _logger.LogInformation("{Topic}-{Partition}: recovering {File}, which holds data past the recovery point {RecoveryPoint}", Topic, Partition, file, _recoveryPoint);
            }
            else
            {
                _logger.LogWarning("{Topic}-{Partition}: recovering {File} and rebuilding its indexes: {Problem}", Topic, Partition, file, problem);
            }
        }
        else
        {
            _logger.LogInformation("{Topic}-{Partition}: recovering {File}, which lies above the recovery point {RecoveryPoint}", Topic, Partition, file, _recoveryPoint);
        }

        var truncated = segment.Recover();
        RecoveredSegments++;
        if (truncated > 0)
        {
            _logger.LogWarning("{Topic}-{Partition}: truncated {Bytes} bytes of a torn or corrupt write at the end of {File}; the log now ends at offset {Offset}", Topic, Partition, truncated, file, segment.NextOffset);
        }

        return truncated;
    }

    /// <summary>Loads the newest usable producer snapshot, then replays the batch headers after it.</summary>
    private void LoadProducerState()
    {
        var snapshots = OffsetsOfFiles(LogFiles.SnapshotSuffix);
        var replayFrom = _logStartOffset;
        var loaded = false;
        for (var i = snapshots.Count - 1; i >= 0; i--)
        {
            var offset = snapshots[i];
            var path = Path.Combine(Directory, LogFiles.FileName(offset, LogFiles.SnapshotSuffix));
            if (offset > _logEndOffset)
            {
                // Written for a tail that recovery cut off.
                File.Delete(path);
            }
            else if (!loaded && _producers.TryLoadSnapshot(path, offset))
            {
                loaded = true;
                replayFrom = Math.Max(offset, _logStartOffset);
            }
        }

        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            foreach (var segment in _segments)
            {
                if (segment.NextOffset <= replayFrom)
                {
                    continue;
                }

                var start = replayFrom > segment.BaseOffset ? segment.OffsetIndex.Lookup(replayFrom).Position : 0;
                var cursor = new BatchCursor(segment.File, start, segment.Size, buffer);
                while (cursor.TryRead())
                {
                    if (cursor.Current.BaseOffset >= replayFrom)
                    {
                        Replay(ref cursor, segment);
                    }

                    cursor.MoveNext();
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _producers.DropAbortedBelow(_logStartOffset);
        ForgetAbortedWithoutMarker();
    }

    /// <summary>Replays one recovered batch into the producer state; a transaction marker ends its transaction.</summary>
    private void Replay(ref BatchCursor cursor, LogSegment segment)
    {
        var batch = cursor.Current;
        if (!batch.IsControl)
        {
            _producers.Record(batch);
            return;
        }

        var bytes = new byte[batch.TotalSize];
        segment.ReadFully(cursor.Position, bytes);
        if (Protocol.TransactionMarker.TryReadIsCommit(bytes, out var commit))
        {
            _producers.CompleteTransaction(batch.ProducerId, batch.ProducerEpoch, batch.BaseOffset, commit, Protocol.TransactionMarker.CoordinatorEpochOf(bytes));
        }
    }

    /// <summary>Index files whose log file is gone (a deletion interrupted by a crash) would confuse a later segment of that name.</summary>
    private void DeleteOrphanIndexes(List<long> bases)
    {
        foreach (var suffix in (string[])[LogFiles.IndexSuffix, LogFiles.TimeIndexSuffix])
        {
            foreach (var offset in OffsetsOfFiles(suffix))
            {
                if (bases.BinarySearch(offset) < 0)
                {
                    File.Delete(Path.Combine(Directory, LogFiles.FileName(offset, suffix)));
                }
            }
        }
    }

    /// <summary>The offsets in the names of this directory's files with <paramref name="suffix"/>, ascending.</summary>
    private List<long> OffsetsOfFiles(string suffix)
    {
        var offsets = new List<long>();
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*" + suffix))
        {
            if (LogFiles.TryParseOffset(Path.GetFileName(path), suffix, out var offset))
            {
                offsets.Add(offset);
            }
        }

        offsets.Sort();
        return offsets;
    }
}
