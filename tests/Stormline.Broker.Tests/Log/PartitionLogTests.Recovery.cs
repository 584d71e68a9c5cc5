using Stormline.Broker.Log;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Tests.Log;

/// <summary>Opening after a crash, a clean close, or with damaged files.</summary>
public sealed partial class PartitionLogTests
{
    [Fact]
    public void A_torn_write_at_the_end_is_cut_off_on_open_and_appends_continue_at_the_next_offset()
    {
        using var log = _directory.Open(SmallSegments);
        AppendMany(log, 12);
        using var crash = _directory.CrashImage();
        var active = crash.File(20, LogFiles.LogSuffix);
        TruncateBy(active, BatchBytes / 2);

        using var reopened = crash.Open(SmallSegments);

        Assert.Equal(22, reopened.LogEndOffset);
        Assert.Equal(BatchBytes, new FileInfo(active).Length);
        Assert.Equal(22, reopened.Append(TestBatches.Create(records: 2)).BaseOffset);
        LogReader.AssertContiguous(reopened);
    }

    [Fact]
    public void A_batch_with_a_corrupt_CRC_in_the_tail_is_cut_off_on_open()
    {
        using var log = _directory.Open(SmallSegments);
        AppendMany(log, 13);
        using var crash = _directory.CrashImage();
        var active = crash.File(20, LogFiles.LogSuffix);
        FlipByte(active, BatchBytes + RecordBatch.HeaderSize + 1);

        using var reopened = crash.Open(SmallSegments);

        Assert.Equal(22, reopened.LogEndOffset);
        Assert.Equal(22, reopened.Append(TestBatches.Create(records: 2)).BaseOffset);
        LogReader.AssertContiguous(reopened);
    }

    [Fact]
    public void After_a_crash_only_segments_above_the_recovery_point_are_scanned()
    {
        using var log = _directory.Open(SmallSegments);
        AppendMany(log, 23);
        WaitFor(() => log.RecoveryPoint == 40);
        using var crash = _directory.CrashImage();

        using var reopened = crash.Open(SmallSegments);

        Assert.Equal(1, reopened.RecoveredSegments);
        Assert.Equal(46, reopened.LogEndOffset);
        LogReader.AssertContiguous(reopened);
    }

    [Fact]
    public void After_a_clean_close_the_next_open_trusts_every_segment()
    {
        using (var log = _directory.Open(SmallSegments))
        {
            AppendMany(log, 23);
        }

        Assert.Equal(["0", "46"], File.ReadAllLines(Path.Combine(_directory.Path, LogFiles.RecoveryPointFile)));
        using var reopened = _directory.Open(SmallSegments);

        Assert.Equal(0, reopened.RecoveredSegments);
        Assert.Equal(46, reopened.LogEndOffset);
        Assert.Equal(47, reopened.Append(TestBatches.Create(records: 1)).BaseOffset + 1);
        LogReader.AssertContiguous(reopened);
    }

    [Fact]
    public void Appends_after_a_clean_restart_are_recovered_after_a_crash()
    {
        using (var log = _directory.Open(SmallSegments))
        {
            AppendMany(log, 3);
        }

        using var restarted = _directory.Open(SmallSegments);
        restarted.Append(TestBatches.Create(records: 2));
        using var crash = _directory.CrashImage();
        TruncateBy(crash.File(0, LogFiles.LogSuffix), 1);

        using var reopened = crash.Open(SmallSegments);

        Assert.Equal(1, reopened.RecoveredSegments);
        Assert.Equal(6, reopened.LogEndOffset);
    }

    [Fact]
    public void Missing_index_files_of_an_older_segment_are_rebuilt()
    {
        using (var log = _directory.Open(SmallSegments))
        {
            AppendMany(log, 23);
        }

        File.Delete(_directory.File(10, LogFiles.IndexSuffix));
        File.Delete(_directory.File(10, LogFiles.TimeIndexSuffix));

        using var reopened = _directory.Open(SmallSegments);

        Assert.Equal(1, reopened.RecoveredSegments);
        Assert.True(new FileInfo(_directory.File(10, LogFiles.IndexSuffix)).Length > 0);
        Assert.True(new FileInfo(_directory.File(10, LogFiles.TimeIndexSuffix)).Length > 0);
        Assert.Equal(12, TestBatches.Headers(reopened.Read(13, 1 << 20, minOneBatch: true)!)[0].BaseOffset);
        Assert.Equal(12, reopened.OffsetForTimestamp(1_006));
        LogReader.AssertContiguous(reopened);
    }

    [Fact]
    public void A_corrupt_index_file_is_rebuilt()
    {
        using (var log = _directory.Open(SmallSegments))
        {
            AppendMany(log, 23);
        }

        File.WriteAllBytes(_directory.File(10, LogFiles.IndexSuffix), [0, 0, 0, 3, 0x7F, 0, 0, 0]);
        File.WriteAllBytes(_directory.File(20, LogFiles.TimeIndexSuffix), [1, 2, 3]);

        using var reopened = _directory.Open(SmallSegments);

        Assert.Equal(2, reopened.RecoveredSegments);
        for (var offset = 0; offset < 46; offset++)
        {
            Assert.Equal(offset - (offset % 2), TestBatches.Headers(reopened.Read(offset, 1 << 20, minOneBatch: true)!)[0].BaseOffset);
        }
    }

    [Fact]
    public void Without_a_recovery_point_every_segment_is_scanned_and_a_cut_older_segment_ends_the_log()
    {
        using var log = _directory.Open(SmallSegments);
        AppendMany(log, 23);
        using var crash = _directory.CrashImage();
        File.Delete(Path.Combine(crash.Path, LogFiles.RecoveryPointFile));
        TruncateBy(crash.File(10, LogFiles.LogSuffix), 3);

        using var reopened = crash.Open(SmallSegments);

        Assert.Equal(18, reopened.LogEndOffset);
        Assert.False(File.Exists(crash.File(20, LogFiles.LogSuffix)));
        Assert.False(File.Exists(crash.File(40, LogFiles.IndexSuffix)));
        Assert.Equal(18, reopened.Append(TestBatches.Create(records: 2)).BaseOffset);
        LogReader.AssertContiguous(reopened);
    }

    [Fact]
    public void The_idempotent_producer_state_survives_a_clean_restart()
    {
        using (var log = _directory.Open(SmallSegments))
        {
            AppendIdempotent(log, 13);
        }

        using var reopened = _directory.Open(SmallSegments);
        AssertProducerStateKept(reopened, 13);
    }

    [Fact]
    public void The_idempotent_producer_state_survives_a_crash()
    {
        using var log = _directory.Open(SmallSegments);
        AppendIdempotent(log, 13);
        using var crash = _directory.CrashImage();

        using var reopened = crash.Open(SmallSegments);
        AssertProducerStateKept(reopened, 13);
    }

    [Fact]
    public void Without_snapshots_the_producer_state_is_rebuilt_from_the_batch_headers()
    {
        using (var log = _directory.Open(SmallSegments))
        {
            AppendIdempotent(log, 13);
        }

        foreach (var snapshot in Directory.GetFiles(_directory.Path, "*" + LogFiles.SnapshotSuffix))
        {
            File.Delete(snapshot);
        }

        using var reopened = _directory.Open(SmallSegments);
        AssertProducerStateKept(reopened, 13);
    }

    [Fact]
    public void A_snapshot_beyond_the_recovered_log_end_is_discarded()
    {
        using var log = _directory.Open(SmallSegments);
        AppendIdempotent(log, 13);
        using var crash = _directory.CrashImage();
        File.Copy(crash.File(20, LogFiles.SnapshotSuffix), crash.File(9_999, LogFiles.SnapshotSuffix));

        using var reopened = crash.Open(SmallSegments);

        Assert.False(File.Exists(crash.File(9_999, LogFiles.SnapshotSuffix)));
        AssertProducerStateKept(reopened, 13);
    }

    private static void AppendMany(PartitionLog log, int batches)
    {
        for (var i = 0; i < batches; i++)
        {
            Assert.Equal(ErrorCode.None, log.Append(TestBatches.Create(records: 2, timestamp: 1_000 + i)).Error);
        }
    }

    private static void AppendIdempotent(PartitionLog log, int batches)
    {
        for (var i = 0; i < batches; i++)
        {
            Assert.Equal(ErrorCode.None, log.Append(TestBatches.Create(records: 2, producerId: 42, baseSequence: 2 * i)).Error);
        }
    }

    /// <summary>The last batch is recognised as a retry, an older one is out of order, the next one is accepted.</summary>
    private static void AssertProducerStateKept(PartitionLog log, int batches)
    {
        var end = log.LogEndOffset;
        var retry = log.Append(TestBatches.Create(records: 2, producerId: 42, baseSequence: 2 * (batches - 1)));
        Assert.Equal(ErrorCode.None, retry.Error);
        Assert.Equal(end - 2, retry.BaseOffset);
        Assert.Equal(end, log.LogEndOffset);

        Assert.Equal(ErrorCode.OutOfOrderSequenceNumber, log.Append(TestBatches.Create(records: 2, producerId: 42, baseSequence: 2 * (batches + 1))).Error);
        Assert.Equal(end, log.Append(TestBatches.Create(records: 2, producerId: 42, baseSequence: 2 * batches)).BaseOffset);
    }

    private static void TruncateBy(string path, long bytes)
    {
        using var file = File.OpenWrite(path);
        file.SetLength(file.Length - bytes);
    }

    private static void FlipByte(string path, long position)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = position;
        var b = file.ReadByte();
        file.Position = position;
        file.WriteByte((byte)(b ^ 0xFF));
    }

    private static void WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not become true within 10 s");
            Thread.Sleep(10);
        }
    }
}
