using System.Buffers;
using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Log;

/// <summary>
/// Compaction (cleanup.policy=compact), as Kafka's log cleaner does it: the closed segments written since the last
/// clean (the dirty part) are read into a map of key → latest offset; then every closed segment from the log start
/// up to there is rewritten without the records that a later one of the same key supersedes. Records keep their
/// offsets (batches keep their base offset and last offset delta, so offsets have gaps and producer sequences stay
/// whole). A tombstone (null value) stays until its segment was cleaned delete.retention.ms ago. Transactions as in
/// Kafka: the data batches of aborted transactions go, and a marker goes once none of its transaction's data is left
/// and its segment was cleaned delete.retention.ms ago (an ABORT marker with its aborted-transaction entry). The active segment
/// is never touched. A cleaned segment replaces its original through <c>.cleaned</c> → fsync → <c>.swap</c> →
/// directory fsync → rename, so a crash at any point leaves either the old or the new segment (see
/// <see cref="CompleteInterruptedSwaps"/>).
/// </summary>
public sealed partial class PartitionLog
{
    /// <summary>Keys one pass maps at most; a pass stops adding dirty segments past it (Kafka sizes this with log.cleaner.dedupe.buffer.size).</summary>
    internal const int MaxKeysPerPass = 1_000_000;

    /// <summary>Held by a cleaning pass from start to end; <see cref="Close"/> waits for it, so no pass writes into a closed or deleted directory.</summary>
    private readonly Lock _cleanGate = new();

    /// <summary>The first offset not cleaned yet; segments below it were cleaned at least once.</summary>
    private long _cleanerCheckpoint;

    /// <summary>When a tombstone kept by an earlier pass may go; a pass runs then even without new dirty data.</summary>
    private long _tombstonesDueMs = long.MaxValue;

    /// <summary>Where the active segment starts: the cleaner never goes past it.</summary>
    internal long ActiveSegmentBaseOffset
    {
        get
        {
            lock (_gate)
            {
                return _segments[^1].BaseOffset;
            }
        }
    }

    /// <summary>
    /// How much this partition needs the cleaner: the uncleaned share of its cleanable part, or -1 when it is not
    /// compacted or nothing is due (dirty share below min.cleanable.dirty.ratio, no tombstone due).
    /// </summary>
    public double CleaningPriority(long nowMs)
    {
        lock (_gate)
        {
            return PlanCleaning(nowMs)?.DirtyRatio ?? -1;
        }
    }

    /// <summary>
    /// Runs one cleaning pass if one is due (see <see cref="CleaningPriority"/>), mapping at most
    /// <paramref name="maxKeys"/> keys. Returns the number of segments replaced or removed. A pass whose segments
    /// retention deleted meanwhile, or whose log closed, is abandoned and its temporary files removed.
    /// </summary>
    /// <exception cref="IOException">Reading or writing a segment failed; the log is unchanged.</exception>
    public int Clean(long nowMs, int maxKeys = MaxKeysPerPass)
    {
        lock (_cleanGate)
        {
            CleanPlan? plan;
            List<Producers.AbortedTransaction> aborted;
            lock (_gate)
            {
                plan = PlanCleaning(nowMs);
                // From the log start: every cleaned segment drops the aborted batches it holds.
                aborted = plan is null ? [] : _producers.AbortedTransactions(0, plan.FirstUncleanableOffset);
            }

            if (plan is null)
            {
                return 0;
            }

            var results = new List<(LogSegment Source, LogSegment? Cleaned)>();
            try
            {
                var map = new Dictionary<byte[], long>(RecordKeyComparer.Instance);
                var mapped = 0;
                while (mapped < plan.Dirty.Count && (mapped == 0 || map.Count < maxKeys))
                {
                    MapKeys(plan.Dirty[mapped], map, aborted);
                    mapped++;
                }

                var cleanedUpTo = mapped == 0 ? plan.FirstDirtyOffset
                    : mapped < plan.Dirty.Count ? plan.Dirty[mapped].BaseOffset
                    : plan.FirstUncleanableOffset;
                var tombstonesDue = long.MaxValue;
                var transactions = new Dictionary<long, bool>();
                var removedAbortMarkers = new Dictionary<LogSegment, HashSet<long>>();
                foreach (var segment in plan.Clean.Concat(plan.Dirty.Take(mapped)))
                {
                    // A segment's modification time says when it was first cleaned: rewrites carry it over.
                    var wasClean = segment.BaseOffset < plan.FirstDirtyOffset;
                    var cleanedAtMs = wasClean ? segment.LastModifiedMs : nowMs;
                    var dropTombstones = wasClean && nowMs - cleanedAtMs >= plan.Config.DeleteRetentionMs;
                    var rules = new CleanRules(map, aborted, transactions, dropTombstones);
                    if (Rewrite(segment, rules, cleanedAtMs, plan.Config, nowMs, out var cleaned, out var keptTombstones))
                    {
                        results.Add((segment, cleaned));
                        removedAbortMarkers[segment] = rules.RemovedAbortMarkers;
                    }

                    if (keptTombstones)
                    {
                        tombstonesDue = Math.Min(tombstonesDue, cleanedAtMs > long.MaxValue - plan.Config.DeleteRetentionMs ? long.MaxValue : cleanedAtMs + plan.Config.DeleteRetentionMs);
                    }
                }

                var replaced = Swap(results, removedAbortMarkers, plan.Config, nowMs);
                if (replaced < 0)
                {
                    return 0;
                }

                _tombstonesDueMs = tombstonesDue;
                if (cleanedUpTo != _cleanerCheckpoint)
                {
                    OffsetCheckpoint.Write(Directory, LogFiles.CleanerCheckpointFile, cleanedUpTo);
                    _cleanerCheckpoint = cleanedUpTo;
                }

                _logger.LogInformation("Cleaned {Topic}-{Partition} up to offset {Offset}: {Keys} key(s) mapped, {Replaced} segment(s) rewritten or removed", Topic, Partition, cleanedUpTo, map.Count, replaced);
                return replaced;
            }
            catch (ObjectDisposedException)
            {
                // Retention deleted a segment this pass read, or the log closed: the next pass starts over.
                return 0;
            }
            finally
            {
                foreach (var (_, cleaned) in results)
                {
                    cleaned?.Delete();
                }
            }
        }
    }

    /// <summary>Under the lock: what a pass would clean now, or null when nothing is due.</summary>
    private CleanPlan? PlanCleaning(long nowMs)
    {
        var config = Config;
        if (_disposed || _offline || !config.Compact || _segments.Count < 2)
        {
            return null;
        }

        var firstDirty = Math.Max(_cleanerCheckpoint, _logStartOffset);
        var clean = new List<LogSegment>();
        var dirty = new List<LogSegment>();
        long cleanBytes = 0;
        long dirtyBytes = 0;
        var uncleanable = _segments[^1].BaseOffset;
        var firstUnstable = _producers.FirstUnstableOffset;
        for (var i = 0; i < _segments.Count - 1; i++)
        {
            var segment = _segments[i];
            if (firstUnstable >= 0 && segment.NextOffset > firstUnstable)
            {
                // Kafka's firstUncleanableOffset: an open transaction's records may still be aborted.
                uncleanable = Math.Min(uncleanable, segment.BaseOffset);
                break;
            }

            if (segment.BaseOffset < firstDirty)
            {
                clean.Add(segment);
                cleanBytes += segment.Size;
                continue;
            }

            if (config.MinCompactionLagMs > 0 && nowMs - segment.LargestTimestamp < config.MinCompactionLagMs)
            {
                uncleanable = segment.BaseOffset;
                break;
            }

            dirty.Add(segment);
            dirtyBytes += segment.Size;
        }

        var total = cleanBytes + dirtyBytes;
        var ratio = total == 0 ? 0 : (double)dirtyBytes / total;
        var dirtyEnough = dirty.Count > 0 && ratio >= config.MinCleanableDirtyRatio;
        var tombstonesDue = clean.Count > 0 && _tombstonesDueMs <= nowMs;
        return dirtyEnough || tombstonesDue ? new CleanPlan(config, firstDirty, clean, dirty, uncleanable, ratio) : null;
    }

    /// <summary>
    /// Records every keyed record of a dirty segment in <paramref name="map"/>; later offsets overwrite earlier ones.
    /// Records of <paramref name="aborted"/> transactions never count as a key's latest (Kafka's buildOffsetMap), so
    /// they cannot make the cleaner remove a committed value.
    /// </summary>
    private void MapKeys(LogSegment segment, Dictionary<byte[], long> map, List<Producers.AbortedTransaction> aborted)
    {
        var lookup = map.GetAlternateLookup<ReadOnlySpan<byte>>();
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var cursor = new BatchCursor(segment.File, 0, segment.Size, buffer);
            while (cursor.TryRead())
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                var header = cursor.Current;
                if (BatchRecords.AreReadable(header) && !IsAborted(header, aborted))
                {
                    var bytes = WholeBatch(segment, ref cursor);
                    var position = RecordBatch.HeaderSize;
                    for (var i = 0; i < header.RecordCount && BatchRecords.TryRead(bytes, ref position, out var record); i++)
                    {
                        if (record.HasKey)
                        {
                            lookup[bytes.Slice(record.KeyStart, record.KeyLength)] = header.BaseOffset + record.OffsetDelta;
                        }
                    }
                }

                cursor.MoveNext();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsAborted(in RecordBatch header, List<Producers.AbortedTransaction> aborted)
    {
        if (!header.IsTransactional)
        {
            return false;
        }

        foreach (var (producerId, first, last) in aborted)
        {
            if (producerId == header.ProducerId && first <= header.BaseOffset && header.BaseOffset < last)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Writes <paramref name="source"/> without superseded records (and expired tombstones) into a temporary segment.
    /// Returns false when nothing would change (then nothing is written: a first, read-only walk decides); true with
    /// <paramref name="cleaned"/> the complete, fsynced, closed temporary segment, or null when nothing of the segment
    /// remains.
    /// </summary>
    private bool Rewrite(LogSegment source, CleanRules rules, long cleanedAtMs, LogConfig config, long nowMs, out LogSegment? cleaned, out bool keptTombstones)
    {
        cleaned = null;

        // The read-only walk must not count the segment's transactions twice: it works on a copy, kept when nothing changes.
        var probe = rules with { Transactions = new Dictionary<long, bool>(rules.Transactions) };
        if (!Filter(source, probe, target: null, nowMs, out keptTombstones))
        {
            rules.Transactions.Clear();
            foreach (var (producerId, hasData) in probe.Transactions)
            {
                rules.Transactions[producerId] = hasData;
            }

            return false;
        }

        var target = LogSegment.CreateTemporary(Directory, source.BaseOffset, config, nowMs, LogFiles.CleanedSuffix);
        try
        {
            if (!Filter(source, rules, target, nowMs, out _))
            {
                target.Delete();
                return false;
            }

            if (target.IsEmpty)
            {
                target.Delete();
                return true;
            }

            target.OnBecomeInactive();
            target.FlushAll();
            Interlocked.Increment(ref _fsyncCount);
            target.Dispose();
            File.SetLastWriteTimeUtc(target.FilePath, DateTimeOffset.FromUnixTimeMilliseconds(cleanedAtMs).UtcDateTime);
            cleaned = target;
            return true;
        }
        catch
        {
            target.Delete();
            throw;
        }
    }

    /// <summary>
    /// Walks the batches of <paramref name="source"/>, dropping each record that a later one of its key supersedes,
    /// each batch of an aborted transaction, and, when the segment is past its delete horizon, each tombstone and each
    /// marker whose transaction has no data left; what stays is appended to <paramref name="target"/> when there is
    /// one. Returns whether anything is dropped (false too when the segment cannot be read to its end).
    /// </summary>
    private bool Filter(LogSegment source, CleanRules rules, LogSegment? target, long nowMs, out bool keptTombstones)
    {
        keptTombstones = false;
        var lookup = rules.Map.GetAlternateLookup<ReadOnlySpan<byte>>();
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var kept = new List<(int Start, int Length)>();
        var changed = false;
        try
        {
            var cursor = new BatchCursor(source.File, 0, source.Size, buffer);
            while (cursor.TryRead())
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                var header = cursor.Current;
                var bytes = WholeBatch(source, ref cursor);
                kept.Clear();
                var whole = true;
                if (header.IsControl || (header.IsTransactional && IsAborted(header, rules.Aborted)))
                {
                    if (!KeepsTransactionBatch(header, bytes, rules, out var awaitsHorizon))
                    {
                        changed = true;
                        cursor.MoveNext();
                        continue;
                    }

                    // Like a tombstone, such a marker makes a later pass due.
                    keptTombstones |= awaitsHorizon;
                }
                else if (BatchRecords.AreReadable(header))
                {
                    var position = RecordBatch.HeaderSize;
                    var read = 0;
                    for (; read < header.RecordCount && BatchRecords.TryRead(bytes, ref position, out var record); read++)
                    {
                        var offset = header.BaseOffset + record.OffsetDelta;
                        var superseded = record.HasKey && lookup.TryGetValue(bytes.Slice(record.KeyStart, record.KeyLength), out var latest) && latest > offset;
                        if (superseded || (record.IsTombstone && rules.DropTombstones))
                        {
                            whole = false;
                            continue;
                        }

                        keptTombstones |= record.IsTombstone;
                        kept.Add((record.Start, record.Length));
                    }

                    // Records that cannot be read leave the batch as it was.
                    whole |= read < header.RecordCount;
                }

                changed |= !whole;
                if (header.IsTransactional && !header.IsControl && (whole || kept.Count > 0))
                {
                    rules.Transactions[header.ProducerId] = true;
                }

                if (whole)
                {
                    target?.Append(bytes, header, nowMs);
                }
                else if (kept.Count > 0 && target is not null)
                {
                    var rebuilt = Rebuild(bytes, kept);
                    target.Append(rebuilt, RecordBatch.ReadHeader(rebuilt), nowMs);
                }

                cursor.MoveNext();
            }

            return changed && cursor.Position == source.Size;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Whether a marker or an aborted transaction's data batch stays. Aborted data never does. A marker goes when the
    /// segment is past its delete horizon and no batch of its transaction was kept before it in this pass (the pass
    /// starts at the log start, and a transaction's data always precede its marker; an aborted one keeps none); it
    /// ends the producer's transaction either way. A dropped ABORT marker is noted in
    /// <see cref="CleanRules.RemovedAbortMarkers"/>: a read_committed consumer handed its aborted transaction would
    /// skip the producer's later batches until it met the marker, so the entry must go with it.
    /// <paramref name="awaitsHorizon"/>: a marker kept only until the delete horizon.
    /// </summary>
    private static bool KeepsTransactionBatch(in RecordBatch header, ReadOnlySpan<byte> bytes, CleanRules rules, out bool awaitsHorizon)
    {
        awaitsHorizon = false;
        if (!header.IsControl)
        {
            return false;
        }

        var hadData = rules.Transactions.Remove(header.ProducerId, out var data) && data;
        if (!TransactionMarker.TryReadIsCommit(bytes, out var commit) || hadData)
        {
            return true;
        }

        awaitsHorizon = !rules.DropTombstones;
        if (!awaitsHorizon && !commit)
        {
            rules.RemovedAbortMarkers.Add(header.BaseOffset);
        }

        return awaitsHorizon;
    }

    /// <summary>The current batch of <paramref name="cursor"/>, from its buffer or, when larger, read on its own.</summary>
    private static ReadOnlySpan<byte> WholeBatch(LogSegment segment, ref BatchCursor cursor)
    {
        if (cursor.TryGetBatch(out var bytes))
        {
            return bytes;
        }

        var large = new byte[cursor.Current.TotalSize];
        if (segment.ReadFully(cursor.Position, large) < large.Length)
        {
            throw new IOException($"{segment.FilePath} ends inside the batch at position {cursor.Position}");
        }

        return large;
    }

    /// <summary>
    /// A batch with only the <paramref name="kept"/> records: header unchanged (base offset, last offset delta, producer
    /// id, epoch and base sequence, timestamps) except the length, record count and CRC, as Kafka's cleaner writes it.
    /// </summary>
    private static byte[] Rebuild(ReadOnlySpan<byte> original, List<(int Start, int Length)> kept)
    {
        var size = RecordBatch.HeaderSize;
        foreach (var (_, length) in kept)
        {
            size += length;
        }

        var batch = new byte[size];
        original[..RecordBatch.HeaderSize].CopyTo(batch);
        var at = RecordBatch.HeaderSize;
        foreach (var (start, length) in kept)
        {
            original.Slice(start, length).CopyTo(batch.AsSpan(at));
            at += length;
        }

        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(8), size - RecordBatch.LogOverhead);
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(57), kept.Count);
        BinaryPrimitives.WriteUInt32BigEndian(batch.AsSpan(RecordBatch.CrcOffset), RecordBatch.ComputeCrc(batch));
        return batch;
    }

    /// <summary>
    /// Puts the cleaned segments in place of their originals, all or (after a crash) each as a whole: first every
    /// cleaned file is renamed to <c>.swap</c> (indexes before the log) and the directory fsynced, which decides the swap;
    /// then each <c>.swap</c> is renamed over its original. A source that is gone (retention) or became active is
    /// skipped. Returns how many segments changed, -1 when the log closed.
    /// </summary>
    private int Swap(List<(LogSegment Source, LogSegment? Cleaned)> results, Dictionary<LogSegment, HashSet<long>> removedAbortMarkers, LogConfig config, long nowMs)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return -1;
            }

            var live = new List<int>();
            for (var i = 0; i < results.Count; i++)
            {
                var index = _segments.IndexOf(results[i].Source);
                if (index >= 0 && index < _segments.Count - 1)
                {
                    live.Add(i);
                }
            }

            try
            {
                var forgotten = live.SelectMany(i => removedAbortMarkers.GetValueOrDefault(results[i].Source) ?? []).ToHashSet();
                var swapped = SwapUnlocked(results, live, config, nowMs);

                // Their markers are gone from the log now; a snapshot written before still names them, which the
                // next open corrects (see ForgetAbortedWithoutMarker).
                _producers.ForgetAborted(forgotten);
                return swapped;
            }
            catch (IOException ex)
            {
                // Part of the swap may be on disk and part of the segments closed: only a restart, which finishes
                // or discards what the disk holds, is trusted from here.
                TakeOffline(ex, "replacing segments with their cleaned copies");
                throw;
            }
        }
    }

    /// <summary>Under the lock: decides the swap of every live result (renames to .swap, directory fsync), then applies it.</summary>
    private int SwapUnlocked(List<(LogSegment Source, LogSegment? Cleaned)> results, List<int> live, LogConfig config, long nowMs)
    {
        foreach (var i in live)
        {
            if (results[i].Cleaned is { } cleaned)
            {
                foreach (var suffix in SwapOrder)
                {
                    var name = Path.Combine(Directory, LogFiles.FileName(cleaned.BaseOffset, suffix));
                    File.Move(name + LogFiles.CleanedSuffix, name + LogFiles.SwapSuffix, overwrite: true);
                }
            }
        }

        _fileSystem.FsyncDirectory(Directory);
        foreach (var i in live)
        {
            var (source, cleaned) = results[i];
            var index = _segments.IndexOf(source);
            results[i] = (source, null);
            if (cleaned is null)
            {
                _segments.RemoveAt(index);
                source.Delete();
                continue;
            }

            source.Dispose();
            FinishSwap(source.BaseOffset);
            var replacement = LogSegment.Open(Directory, source.BaseOffset, config, nowMs);
            if (replacement.LoadTrusted() is { } problem)
            {
                _logger.LogWarning("{Topic}-{Partition}: rebuilding the indexes of cleaned segment {Offset}: {Problem}", Topic, Partition, source.BaseOffset, problem);
                replacement.Recover();
            }

            replacement.OnBecomeInactive();
            _segments[index] = replacement;
        }

        _fileSystem.FsyncDirectory(Directory);
        UpdateStartOffsetUnlocked();
        return live.Count;
    }

    /// <summary>Indexes first, the log last: a <c>.log.swap</c> on disk means its indexes are renamed too.</summary>
    private static readonly string[] SwapOrder = [LogFiles.IndexSuffix, LogFiles.TimeIndexSuffix, LogFiles.LogSuffix];

    /// <summary>Renames a decided swap's files over the segment's originals (those still waiting; the log last).</summary>
    private void FinishSwap(long baseOffset)
    {
        foreach (var suffix in SwapOrder)
        {
            var name = Path.Combine(Directory, LogFiles.FileName(baseOffset, suffix));
            if (File.Exists(name + LogFiles.SwapSuffix))
            {
                File.Move(name + LogFiles.SwapSuffix, name, overwrite: true);
            }
        }
    }

    /// <summary>
    /// On open, before the segments are read: a pass that crashed before it decided (<c>.cleaned</c> files, index
    /// <c>.swap</c> files without their <c>.log.swap</c>) is discarded; a decided one is finished.
    /// </summary>
    private void CompleteInterruptedSwaps()
    {
        foreach (var temp in System.IO.Directory.GetFiles(Directory, "*" + LogFiles.CleanedSuffix))
        {
            File.Delete(temp);
        }

        var decided = OffsetsOfFiles(LogFiles.LogSuffix + LogFiles.SwapSuffix);
        foreach (var baseOffset in decided)
        {
            _logger.LogWarning("{Topic}-{Partition}: finishing the swap of cleaned segment {Offset} that a crash interrupted", Topic, Partition, baseOffset);
            FinishSwap(baseOffset);
        }

        var undecided = System.IO.Directory.GetFiles(Directory, "*" + LogFiles.SwapSuffix);
        foreach (var swap in undecided)
        {
            File.Delete(swap);
        }

        if (decided.Count > 0 || undecided.Length > 0)
        {
            _fileSystem.FsyncDirectory(Directory);
        }
    }

    /// <summary>
    /// On open, after the producer state was loaded: aborted transactions whose ABORT marker the cleaner removed
    /// (below the cleaner checkpoint, no control batch at the marker's offset) are forgotten again, since a producer
    /// snapshot written before that pass still names them.
    /// </summary>
    private void ForgetAbortedWithoutMarker()
    {
        var gone = _producers.AbortedBelow(_cleanerCheckpoint).Where(a => !HasControlBatchAt(a.LastOffset)).Select(a => a.LastOffset).ToHashSet();
        if (gone.Count > 0)
        {
            _producers.ForgetAborted(gone);
        }
    }

    private bool HasControlBatchAt(long offset)
    {
        var segment = _segments[FindSegment(offset)];
        if (offset < segment.BaseOffset || offset >= segment.NextOffset)
        {
            return false;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var cursor = new BatchCursor(segment.File, segment.OffsetIndex.Lookup(offset).Position, segment.Size, buffer);
            while (cursor.TryRead())
            {
                if (cursor.Current.LastOffset >= offset)
                {
                    return cursor.Current.BaseOffset == offset && cursor.Current.IsControl;
                }

                cursor.MoveNext();
            }

            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>On open: where the cleaner stopped, and (not knowing which segments kept tombstones) when the oldest cleaned one may drop them.</summary>
    private void LoadCleanerState()
    {
        _cleanerCheckpoint = OffsetCheckpoint.Read(Directory, LogFiles.CleanerCheckpointFile);
        foreach (var segment in _segments)
        {
            if (segment.BaseOffset >= _cleanerCheckpoint || segment == _segments[^1])
            {
                break;
            }

            var due = segment.LastModifiedMs > long.MaxValue - Config.DeleteRetentionMs ? long.MaxValue : segment.LastModifiedMs + Config.DeleteRetentionMs;
            _tombstonesDueMs = Math.Min(_tombstonesDueMs, due);
        }
    }
}
