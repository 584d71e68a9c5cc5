using Stormline.Broker.Log;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Tests.Log;

public sealed class LogSegmentTests : IDisposable
{
    private static readonly LogConfig Config = new() { IndexIntervalBytes = 200 };
    private readonly LogDirectory _directory = new();

    private string LogPath => _directory.File(0, LogFiles.LogSuffix);

    [Fact]
    public void Appends_build_the_same_indexes_that_recovery_rebuilds()
    {
        List<OffsetPosition> written;
        List<TimestampOffset> writtenTimes;
        using (var segment = LogSegment.Create(_directory.Path, 0, Config, 0))
        {
            AppendBatches(segment, 40, records: 3);
            segment.OnBecomeInactive();
            written = Entries(segment.OffsetIndex);
            writtenTimes = Entries(segment.TimeIndex);
        }

        using var recovered = LogSegment.Open(_directory.Path, 0, Config, 0);
        Assert.Equal(0, recovered.Recover());
        recovered.OnBecomeInactive();

        Assert.True(written.Count > 10);
        Assert.Equal(written, Entries(recovered.OffsetIndex));
        Assert.Equal(writtenTimes, Entries(recovered.TimeIndex));
        Assert.Equal(120, recovered.NextOffset);
        Assert.Equal(1_000 + 39, recovered.MaxTimestamp);
    }

    [Fact]
    public void Blocks_are_reserved_ahead_of_appends_without_growing_the_file_and_given_back_when_it_stops_growing()
    {
        using (var segment = LogSegment.Create(_directory.Path, 0, Config, 0))
        {
            AppendBatches(segment, 40, records: 3);

            // The length recovery reads is the data's; the blocks behind it were reserved a megabyte at a time.
            Assert.Equal(segment.Size, new FileInfo(LogPath).Length);
            Assert.True(AllocatedBytes(LogPath) >= 1 << 20, $"{AllocatedBytes(LogPath)} bytes allocated for {segment.Size} bytes of data");

            segment.OnBecomeInactive();
            Assert.True(AllocatedBytes(LogPath) < segment.Size + (64 << 10), $"{AllocatedBytes(LogPath)} bytes still allocated for {segment.Size} bytes of data after the segment stopped growing");
        }

        using var reopened = LogSegment.Open(_directory.Path, 0, Config, 0);
        Assert.Equal(0, reopened.Recover());
        Assert.Equal(120, reopened.NextOffset);
    }

    [Fact]
    public void Every_index_entry_points_at_the_batch_that_starts_with_its_offset()
    {
        using var segment = LogSegment.Create(_directory.Path, 0, Config, 0);
        AppendBatches(segment, 40, records: 3);

        var header = new byte[RecordBatch.HeaderSize];
        foreach (var entry in Entries(segment.OffsetIndex))
        {
            segment.ReadFully(entry.Position, header);
            Assert.Equal(entry.Offset, RecordBatch.ReadHeader(header).BaseOffset);
        }
    }

    [Fact]
    public void Recover_truncates_a_torn_batch_at_the_end()
    {
        long fullSize;
        using (var segment = LogSegment.Create(_directory.Path, 0, Config, 0))
        {
            AppendBatches(segment, 5, records: 2);
            fullSize = segment.Size;
        }

        var lastBatch = TestBatches.Create(2, 1_004).Length;
        using (var file = File.OpenWrite(LogPath))
        {
            file.SetLength(fullSize - 7);
        }

        using var recovered = LogSegment.Open(_directory.Path, 0, Config, 0);
        Assert.Equal(lastBatch - 7, recovered.Recover());
        Assert.Equal(8, recovered.NextOffset);
        Assert.Equal(fullSize - lastBatch, recovered.Size);
        Assert.Equal(recovered.Size, new FileInfo(LogPath).Length);
    }

    [Fact]
    public void Recover_truncates_from_the_first_batch_whose_CRC_does_not_match()
    {
        long secondToLast;
        using (var segment = LogSegment.Create(_directory.Path, 0, Config, 0))
        {
            AppendBatches(segment, 4, records: 2);
            secondToLast = segment.Size - (2 * TestBatches.Create(2).Length);
        }

        FlipByte(LogPath, secondToLast + RecordBatch.HeaderSize + 3);

        using var recovered = LogSegment.Open(_directory.Path, 0, Config, 0);
        Assert.Equal(2 * TestBatches.Create(2).Length, recovered.Recover());
        Assert.Equal(4, recovered.NextOffset);
    }

    [Fact]
    public void LoadTrusted_reads_the_indexes_and_only_the_headers_after_the_last_entry()
    {
        long size;
        using (var segment = LogSegment.Create(_directory.Path, 0, Config, 0))
        {
            AppendBatches(segment, 40, records: 3);
            segment.OnBecomeInactive();
            size = segment.Size;
        }

        // A damaged record early in the segment goes unnoticed: a trusted segment is not CRC-scanned.
        FlipByte(LogPath, RecordBatch.HeaderSize + 3);

        using var loaded = LogSegment.Open(_directory.Path, 0, Config, 0);
        Assert.Null(loaded.LoadTrusted());
        Assert.Equal(120, loaded.NextOffset);
        Assert.Equal(size, loaded.Size);
        Assert.Equal(1_039, loaded.MaxTimestamp);
    }

    [Fact]
    public void LoadTrusted_re_adds_index_entries_missing_at_the_end()
    {
        int count;
        using (var segment = LogSegment.Create(_directory.Path, 0, Config, 0))
        {
            AppendBatches(segment, 40, records: 3);
            segment.OnBecomeInactive();
            count = segment.OffsetIndex.Count;
        }

        var indexPath = _directory.File(0, LogFiles.IndexSuffix);
        using (var file = File.OpenWrite(indexPath))
        {
            file.SetLength(3 * OffsetIndex.EntrySize);
        }

        using var loaded = LogSegment.Open(_directory.Path, 0, Config, 0);
        Assert.Null(loaded.LoadTrusted());
        Assert.Equal(count, loaded.OffsetIndex.Count);
    }

    [Fact]
    public void LoadTrusted_refuses_a_segment_without_index_files()
    {
        using (var segment = LogSegment.Create(_directory.Path, 0, Config, 0))
        {
            AppendBatches(segment, 3, records: 1);
            segment.OnBecomeInactive();
        }

        File.Delete(_directory.File(0, LogFiles.IndexSuffix));

        using var loaded = LogSegment.Open(_directory.Path, 0, Config, 0);
        Assert.Equal("index files are missing", loaded.LoadTrusted());
    }

    [Fact]
    public void LoadTrusted_refuses_an_index_that_points_past_the_log()
    {
        using (var segment = LogSegment.Create(_directory.Path, 0, Config, 0))
        {
            AppendBatches(segment, 40, records: 3);
            segment.OnBecomeInactive();
        }

        using (var file = File.OpenWrite(LogPath))
        {
            file.SetLength(file.Length / 2);
        }

        using var loaded = LogSegment.Open(_directory.Path, 0, Config, 0);
        Assert.NotNull(loaded.LoadTrusted());
    }

    [Fact]
    public void A_segment_rolls_when_the_next_batch_would_pass_segment_bytes()
    {
        var config = Config with { SegmentBytes = 3 * TestBatches.Create().Length };
        using var segment = LogSegment.Create(_directory.Path, 0, config, 0);
        AppendBatches(segment, 2, records: 1);
        var next = RecordBatch.ReadHeader(TestBatches.Create());

        Assert.False(segment.ShouldRoll(next, config, 0));
        AppendBatches(segment, 1, records: 1, firstOffset: 2);
        Assert.True(segment.ShouldRoll(next, config, 0));
    }

    [Fact]
    public void A_segment_rolls_when_record_time_has_moved_segment_ms_past_its_first_batch()
    {
        var config = Config with { SegmentMs = 60_000 };
        using var segment = LogSegment.Create(_directory.Path, 0, config, nowMs: 0);
        var first = TestBatches.Create(timestamp: 1_000_000);
        RecordBatch.AssignOffset(first, 0, 0);
        segment.Append(first, RecordBatch.ReadHeader(first), 0);

        Assert.False(segment.ShouldRoll(RecordBatch.ReadHeader(TestBatches.Create(timestamp: 1_060_000)), config, nowMs: 10_000_000));
        Assert.True(segment.ShouldRoll(RecordBatch.ReadHeader(TestBatches.Create(timestamp: 1_060_001)), config, nowMs: 0));
    }

    [Fact]
    public void An_empty_segment_never_rolls()
    {
        var config = Config with { SegmentBytes = 1, SegmentMs = 1 };
        using var segment = LogSegment.Create(_directory.Path, 0, config, 0);

        Assert.False(segment.ShouldRoll(RecordBatch.ReadHeader(TestBatches.Create(timestamp: 9_999_999)), config, 9_999_999));
    }

    [Fact]
    public void Delete_removes_the_log_and_both_index_files()
    {
        var segment = LogSegment.Create(_directory.Path, 0, Config, 0);
        AppendBatches(segment, 3, records: 1);

        segment.Delete();

        Assert.Empty(Directory.GetFiles(_directory.Path));
    }

    private static void AppendBatches(LogSegment segment, int count, int records, long firstOffset = 0)
    {
        var offset = firstOffset;
        for (var i = 0; i < count; i++)
        {
            var batch = TestBatches.Create(records, timestamp: 1_000 + i + firstOffset);
            RecordBatch.AssignOffset(batch, offset, 0);
            segment.Append(batch, RecordBatch.ReadHeader(batch), 0);
            offset += records;
        }
    }

    /// <summary>The blocks the file system gave the file (st_blocks × 512), as <c>stat</c> reports them.</summary>
    private static long AllocatedBytes(string path)
    {
        using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%b", path]) { RedirectStandardOutput = true })!;
        var blocks = long.Parse(stat.StandardOutput.ReadToEnd().Trim());
        stat.WaitForExit();
        return blocks * 512;
    }

    private static List<OffsetPosition> Entries(OffsetIndex index) => Enumerable.Range(0, index.Count).Select(index.Entry).ToList();

    private static List<TimestampOffset> Entries(TimeIndex index) => Enumerable.Range(0, index.Count).Select(index.Entry).ToList();

    private static void FlipByte(string path, long position)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = position;
        var b = file.ReadByte();
        file.Position = position;
        file.WriteByte((byte)(b ^ 0xFF));
    }

    public void Dispose() => _directory.Dispose();
}
