using Stormline.Broker.Log;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Tests.Log;

public sealed partial class PartitionLogTests : IDisposable
{
    private static readonly int BatchBytes = TestBatches.Create(records: 2).Length;

    /// <summary>Five two-record batches per segment, an index entry every other batch.</summary>
    private static readonly LogConfig SmallSegments = new() { SegmentBytes = 5 * BatchBytes, IndexIntervalBytes = BatchBytes };

    private readonly LogDirectory _directory = new();

    [Fact]
    public void Appends_get_consecutive_offsets_and_read_back_across_segment_rolls()
    {
        using var log = _directory.Open(SmallSegments);
        for (var i = 0; i < 50; i++)
        {
            var result = log.Append(TestBatches.Create(records: 2, timestamp: 1_000 + i));
            Assert.Equal(ErrorCode.None, result.Error);
            Assert.Equal(2 * i, result.BaseOffset);
        }

        Assert.Equal(100, log.LogEndOffset);
        Assert.Equal(10, log.SegmentCount);
        Assert.Equal(50, LogReader.ReadAll(log).Count);
        LogReader.AssertContiguous(log);
    }

    [Fact]
    public void Segment_files_are_named_by_their_base_offset_in_20_digits()
    {
        using var log = _directory.Open(SmallSegments);
        for (var i = 0; i < 6; i++)
        {
            log.Append(TestBatches.Create(records: 2));
        }

        var names = Directory.GetFiles(_directory.Path).Select(Path.GetFileName).ToHashSet();
        Assert.Contains("00000000000000000000.log", names);
        Assert.Contains("00000000000000000000.index", names);
        Assert.Contains("00000000000000000000.timeindex", names);
        Assert.Contains("00000000000000000010.log", names);
        Assert.Contains("00000000000000000010.snapshot", names);
    }

    [Fact]
    public void A_read_from_inside_a_batch_starts_with_that_batch()
    {
        using var log = _directory.Open(SmallSegments);
        for (var i = 0; i < 20; i++)
        {
            log.Append(TestBatches.Create(records: 2));
        }

        for (var offset = 0; offset < 40; offset++)
        {
            var first = TestBatches.Headers(log.Read(offset, 1 << 20, minOneBatch: true)!)[0];
            Assert.Equal(offset - (offset % 2), first.BaseOffset);
        }
    }

    [Fact]
    public void A_read_returns_only_whole_batches_within_max_bytes()
    {
        using var log = _directory.Open();
        for (var i = 0; i < 10; i++)
        {
            log.Append(TestBatches.Create(records: 2));
        }

        var bytes = log.Read(0, (2 * BatchBytes) + (BatchBytes / 2), minOneBatch: true)!;

        Assert.Equal(2, TestBatches.Headers(bytes).Count);
    }

    [Fact]
    public void A_large_read_ends_on_the_last_whole_batch_that_fits_whatever_the_index_interval()
    {
        foreach (var interval in new[] { 1, BatchBytes * 3, 1 << 20 })
        {
            using var directory = new LogDirectory();
            using var log = directory.Open(new LogConfig { IndexIntervalBytes = interval });
            for (var i = 0; i < 200; i++)
            {
                log.Append(TestBatches.Create(records: 2));
            }

            for (var start = 0; start < 20; start += 3)
            {
                var bytes = log.Read(start, (50 * BatchBytes) + (BatchBytes / 2), minOneBatch: true)!;
                var batches = TestBatches.Headers(bytes);
                Assert.Equal(start - (start % 2), batches[0].BaseOffset);
                Assert.Equal(50, batches.Count);
            }
        }
    }

    [Fact]
    public void A_batch_larger_than_max_bytes_is_returned_whole_only_when_at_least_one_is_required()
    {
        using var log = _directory.Open();
        log.Append(TestBatches.Create(records: 2));
        log.Append(TestBatches.Create(records: 2));

        Assert.Single(TestBatches.Headers(log.Read(0, 10, minOneBatch: true)!));
        Assert.Empty(log.Read(0, 10, minOneBatch: false)!);
    }

    [Fact]
    public void A_read_at_the_log_end_is_empty_and_past_it_out_of_range()
    {
        using var log = _directory.Open();
        log.Append(TestBatches.Create(records: 2));

        Assert.Empty(log.Read(2, 1 << 20, minOneBatch: true)!);
        Assert.Null(log.Read(3, 1 << 20, minOneBatch: true));
    }

    [Fact]
    public void Under_log_append_time_the_batch_carries_the_broker_time_and_a_new_valid_CRC()
    {
        var time = new ManualTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        using var log = _directory.Open(new LogConfig { LogAppendTime = true }, time);

        var result = log.Append(TestBatches.Create(records: 3, timestamp: 5));

        Assert.Equal(1_700_000_000_000, result.LogAppendTime);
        var stored = TestBatches.Headers(log.Read(0, 1 << 20, minOneBatch: true)!)[0];
        Assert.True(stored.IsLogAppendTime);
        Assert.Equal(1_700_000_000_000, stored.MaxTimestamp);
        Assert.Equal(0, log.OffsetForTimestamp(1_700_000_000_000));
    }

    [Fact]
    public void A_retried_idempotent_batch_is_answered_with_its_first_offset_and_not_stored_again()
    {
        using var log = _directory.Open();
        log.Append(TestBatches.Create(records: 2));
        var first = log.Append(TestBatches.Create(records: 3, producerId: 7, baseSequence: 0));

        var retry = log.Append(TestBatches.Create(records: 3, producerId: 7, baseSequence: 0));

        Assert.Equal(ErrorCode.None, retry.Error);
        Assert.Equal(first.BaseOffset, retry.BaseOffset);
        Assert.Equal(5, log.LogEndOffset);
    }

    [Fact]
    public void A_batch_with_a_bad_CRC_is_refused_and_leaves_the_log_untouched()
    {
        using var log = _directory.Open();
        var good = TestBatches.Create(records: 2);
        var bad = TestBatches.Create(records: 2);
        bad[^1] ^= 0xFF;

        var result = log.Append(good.Concat(bad).ToArray());

        Assert.Equal(ErrorCode.CorruptMessage, result.Error);
        Assert.Equal(0, log.LogEndOffset);
    }

    public void Dispose() => _directory.Dispose();
}
