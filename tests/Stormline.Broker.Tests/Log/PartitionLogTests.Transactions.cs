using Stormline.Broker.Log;
using Stormline.Broker.Producers;
using Stormline.Broker.Protocol;
using Stormline.Broker.Tests.Protocol;

namespace Stormline.Broker.Tests.Log;

/// <summary>Transaction markers, the last stable offset and the aborted transactions, live and after a crash.</summary>
public sealed partial class PartitionLogTests
{
    [Fact]
    public void The_last_stable_offset_is_the_first_offset_of_the_earliest_open_transaction()
    {
        using var log = _directory.Open(SmallSegments);
        WriteTwoTransactions(log);

        Assert.Equal(0, log.LastStableOffset);
        Assert.Equal(5, log.AppendMarker(producerId: 1, producerEpoch: 0, commit: false, coordinatorEpoch: 0));
        Assert.Equal(3, log.LastStableOffset);
        Assert.Equal([new AbortedTransaction(1, 0, 5)], log.AbortedTransactions(0, 6));
        Assert.Empty(log.AbortedTransactions(6, 10));

        // read_committed: batches from the last stable offset on are held back.
        var stable = TestBatches.Headers(log.Read(0, 1 << 20, minOneBatch: true, endOffset: log.LastStableOffset)!);
        Assert.Equal([0L, 2], stable.Select(b => b.BaseOffset));

        Assert.Equal(6, log.AppendMarker(producerId: 2, producerEpoch: 0, commit: true, coordinatorEpoch: 0));
        Assert.Equal(7, log.LastStableOffset);
        Assert.Equal(-1, log.AppendMarker(producerId: 2, producerEpoch: 0, commit: true, coordinatorEpoch: 0));
        Assert.Equal(7, log.LogEndOffset);
    }

    [Fact]
    public void After_a_crash_open_and_aborted_transactions_are_recovered_with_the_snapshots_and_the_log()
    {
        using var log = _directory.Open(SmallSegments);
        WriteTwoTransactions(log);
        log.AppendMarker(producerId: 1, producerEpoch: 0, commit: false, coordinatorEpoch: 0);
        // More appends roll segments, so a snapshot (with the open transaction of producer 2 in it) is written.
        AppendMany(log, 8);
        Assert.True(log.SegmentCount > 1);
        using var crash = _directory.CrashImage();

        using var reopened = crash.Open(SmallSegments);

        Assert.Equal(3, reopened.LastStableOffset);
        Assert.Equal([new AbortedTransaction(1, 0, 5)], reopened.AbortedTransactions(0, reopened.LogEndOffset));
        Assert.Equal(ErrorCode.None, reopened.Append(TestBatches.Transactional(producerId: 2, epoch: 0, baseSequence: 2)).Error);
        Assert.True(reopened.AppendMarker(producerId: 2, producerEpoch: 0, commit: true, coordinatorEpoch: 0) > 0);
        Assert.Equal(reopened.LogEndOffset, reopened.LastStableOffset);
    }

    [Fact]
    public void Cleaning_never_lets_an_aborted_record_remove_the_committed_value_of_its_key()
    {
        var clock = new ManualTimeProvider(CompactionStart);
        using var log = _directory.Open(Compacted, clock);
        Put(log, "key", "committed", clock);
        var aborted = TestRecordBatch.MarkTransactional(TestRecordBatch.Create([("key", "aborted")], producerId: 9, producerEpoch: 0, baseSequence: 0, clock.Now.ToUnixTimeMilliseconds()));
        Assert.Equal(ErrorCode.None, log.Append(aborted).Error);
        log.AppendMarker(producerId: 9, producerEpoch: 0, commit: false, coordinatorEpoch: 0);
        PutRounds(log, clock, rounds: 3);
        Assert.True(log.SegmentCount > 2, $"{log.SegmentCount} segments");

        log.Clean(clock.Now.ToUnixTimeMilliseconds());

        Assert.Contains(CompactedRecords.ReadAll(log), r => r is { Key: "key", Value: "committed" });
    }

    [Fact]
    public void Cleaning_drops_aborted_batches_and_later_the_markers_of_transactions_with_no_data_left()
    {
        var clock = new ManualTimeProvider(CompactionStart);
        using var log = _directory.Open(Compacted, clock);
        PutTransactional(log, clock, producerId: 9, "a", "aborted");
        var abortMarker = log.AppendMarker(producerId: 9, producerEpoch: 0, commit: false, coordinatorEpoch: 0);
        PutTransactional(log, clock, producerId: 8, "c", "committed");
        var keptCommit = log.AppendMarker(producerId: 8, producerEpoch: 0, commit: true, coordinatorEpoch: 0);
        PutTransactional(log, clock, producerId: 7, "k0", "superseded");
        var emptyCommit = log.AppendMarker(producerId: 7, producerEpoch: 0, commit: true, coordinatorEpoch: 0);
        PutRounds(log, clock, rounds: 3);
        Assert.True(log.SegmentCount > 2, $"{log.SegmentCount} segments");

        Assert.True(log.Clean(clock.Now.ToUnixTimeMilliseconds()) > 0);
        var records = CompactedRecords.ReadAll(log);
        Assert.DoesNotContain(records, r => r.Value == "aborted");
        Assert.DoesNotContain(records, r => r.Value == "superseded");
        Assert.Contains(records, r => r is { Key: "c", Value: "committed" });
        // Markers stay until their segment was cleaned delete.retention.ms ago.
        Assert.Equal([abortMarker, keptCommit, emptyCommit], CompactedRecords.MarkerOffsets(log));

        clock.Advance(TimeSpan.FromMinutes(61));
        Assert.True(log.Clean(clock.Now.ToUnixTimeMilliseconds()) > 0);
        Assert.Equal([keptCommit], CompactedRecords.MarkerOffsets(log));
        Assert.Contains(CompactedRecords.ReadAll(log), r => r is { Key: "c", Value: "committed" });
        // The ABORT marker went with its entry: a read_committed reader is no longer told of that transaction.
        Assert.Empty(log.AbortedTransactions(0, log.LogEndOffset));
        var offsets = TestBatches.Headers(log.Read(0, 1 << 20, minOneBatch: true)!).Select(b => b.BaseOffset).ToList();
        Assert.Equal(offsets.Order(), offsets);

        // A restart from the cleaned files, whose producer snapshots were written before the pass and still name the
        // aborted transaction, sees the same: nothing open, no aborted transaction.
        using var crash = _directory.CrashImage();
        using var reopened = crash.Open(Compacted, clock);
        Assert.Equal(reopened.LogEndOffset, reopened.LastStableOffset);
        Assert.Equal([keptCommit], CompactedRecords.MarkerOffsets(reopened));
        Assert.Empty(reopened.AbortedTransactions(0, reopened.LogEndOffset));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_crash_in_the_pass_that_removes_an_ABORT_marker_leaves_the_marker_and_its_entry_together(bool swapDecided)
    {
        var clock = new ManualTimeProvider(CompactionStart);
        var log = _directory.Open(Compacted, clock);
        // Segment 0: a key nothing supersedes (so the segment is rewritten, not removed), then an aborted transaction.
        Put(log, "pin", "stays", clock);
        PutTransactional(log, clock, producerId: 9, "a", "aborted");
        var abortMarker = log.AppendMarker(producerId: 9, producerEpoch: 0, commit: false, coordinatorEpoch: 0);
        PutRounds(log, clock, rounds: 3);
        Assert.True(log.Clean(clock.Now.ToUnixTimeMilliseconds()) > 0);
        clock.Advance(TimeSpan.FromMinutes(61));
        log.Dispose();

        // The crash image holds segment 0 with its marker; the pass below removes it from the original.
        using var crashed = _directory.CrashImage();
        log = _directory.Open(Compacted, clock);
        Assert.True(log.Clean(clock.Now.ToUnixTimeMilliseconds()) > 0);
        Assert.Empty(CompactedRecords.MarkerOffsets(log));
        log.Dispose();

        // Killed after the swap was decided (.swap files), or before (.cleaned files only).
        foreach (var suffix in new[] { LogFiles.LogSuffix, LogFiles.IndexSuffix, LogFiles.TimeIndexSuffix })
        {
            File.Copy(_directory.File(0, suffix), crashed.File(0, suffix) + (swapDecided ? LogFiles.SwapSuffix : LogFiles.CleanedSuffix), overwrite: true);
        }

        using var recovered = crashed.Open(Compacted, clock);
        if (swapDecided)
        {
            Assert.Empty(CompactedRecords.MarkerOffsets(recovered));
            Assert.Empty(recovered.AbortedTransactions(0, recovered.LogEndOffset));
        }
        else
        {
            Assert.Equal([abortMarker], CompactedRecords.MarkerOffsets(recovered));
            Assert.Equal([new AbortedTransaction(9, 1, abortMarker)], recovered.AbortedTransactions(0, recovered.LogEndOffset));
        }

        Assert.Contains(CompactedRecords.ReadAll(recovered), r => r is { Key: "pin", Value: "stays" });
        Assert.DoesNotContain(CompactedRecords.ReadAll(recovered), r => r.Value == "aborted");
        Assert.Equal(recovered.LogEndOffset, recovered.LastStableOffset);
    }

    private static void PutTransactional(PartitionLog log, ManualTimeProvider clock, long producerId, string key, string value) =>
        Assert.Equal(ErrorCode.None, log.Append(TestRecordBatch.MarkTransactional(TestRecordBatch.Create([(key, value)], producerId, producerEpoch: 0, baseSequence: 0, clock.Now.ToUnixTimeMilliseconds()))).Error);

    /// <summary>Producer 1's transaction at 0-1, a plain batch at 2, producer 2's transaction at 3-4, both open.</summary>
    private static void WriteTwoTransactions(PartitionLog log)
    {
        Assert.Equal(0, log.Append(TestBatches.Transactional(producerId: 1, epoch: 0, baseSequence: 0)).BaseOffset);
        Assert.Equal(2, log.Append(TestBatches.Create(records: 1)).BaseOffset);
        Assert.Equal(3, log.Append(TestBatches.Transactional(producerId: 2, epoch: 0, baseSequence: 0)).BaseOffset);
    }
}
