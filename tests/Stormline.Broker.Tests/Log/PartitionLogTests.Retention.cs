using Stormline.Broker.Log;

namespace Stormline.Broker.Tests.Log;

/// <summary>retention.ms and retention.bytes.</summary>
public sealed partial class PartitionLogTests
{
    private const long Hour = 3_600_000;

    [Fact]
    public void Retention_by_time_deletes_the_segments_whose_largest_timestamp_is_too_old()
    {
        using var log = _directory.Open(SmallSegments with { RetentionMs = Hour });
        var now = 100 * Hour;
        AppendAt(log, 5, now - (3 * Hour));
        AppendAt(log, 5, now - (2 * Hour));
        AppendAt(log, 4, now - (2 * Hour));
        AppendAt(log, 1, now - (Hour / 2));
        AppendAt(log, 5, now);

        var deleted = log.EnforceRetention(now);

        Assert.Equal(2, deleted);
        Assert.Equal(20, log.LogStartOffset);
        Assert.Null(log.Read(19, 1 << 20, minOneBatch: true));
        Assert.Equal(20, TestBatches.Headers(log.Read(20, 1 << 20, minOneBatch: true)!)[0].BaseOffset);
        foreach (var suffix in new[] { LogFiles.LogSuffix, LogFiles.IndexSuffix, LogFiles.TimeIndexSuffix })
        {
            Assert.False(File.Exists(_directory.File(0, suffix)));
            Assert.False(File.Exists(_directory.File(10, suffix)));
            Assert.True(File.Exists(_directory.File(20, suffix)));
        }
    }

    [Fact]
    public void Retention_by_bytes_keeps_the_newest_segments_that_fit()
    {
        using var log = _directory.Open(SmallSegments with { RetentionBytes = 12 * BatchBytes, RetentionMs = -1 });
        AppendMany(log, 23);

        Assert.Equal(2, log.EnforceRetention(long.MaxValue));
        Assert.Equal(20, log.LogStartOffset);
        Assert.Equal(13 * BatchBytes, log.SizeInBytes);
        LogReader.AssertContiguous(log);
    }

    [Fact]
    public void When_everything_has_expired_the_log_rolls_and_keeps_its_end_offset()
    {
        using var log = _directory.Open(SmallSegments with { RetentionMs = Hour });
        AppendAt(log, 3, Hour);

        Assert.Equal(1, log.EnforceRetention(10 * Hour));

        Assert.Equal(6, log.LogStartOffset);
        Assert.Equal(6, log.LogEndOffset);
        Assert.Empty(log.Read(6, 1 << 20, minOneBatch: true)!);
        Assert.Equal(6, log.Append(TestBatches.Create(records: 2, timestamp: 10 * Hour)).BaseOffset);
    }

    [Fact]
    public void Retention_minus_one_keeps_everything()
    {
        using var log = _directory.Open(SmallSegments with { RetentionMs = -1, RetentionBytes = -1 });
        AppendAt(log, 12, 0);

        Assert.Equal(0, log.EnforceRetention(1_000 * Hour));
        Assert.Equal(0, log.LogStartOffset);
    }

    [Fact]
    public void The_log_start_offset_that_retention_reached_survives_a_restart()
    {
        using (var log = _directory.Open(SmallSegments with { RetentionBytes = 5 * BatchBytes, RetentionMs = -1 }))
        {
            AppendMany(log, 12);
            log.EnforceRetention(0);
            Assert.Equal(10, log.LogStartOffset);
        }

        using var reopened = _directory.Open(SmallSegments);
        Assert.Equal(10, reopened.LogStartOffset);
        Assert.Equal(24, reopened.LogEndOffset);
    }

    private static void AppendAt(PartitionLog log, int batches, long timestamp)
    {
        for (var i = 0; i < batches; i++)
        {
            log.Append(TestBatches.Create(records: 2, timestamp: timestamp));
        }
    }
}
