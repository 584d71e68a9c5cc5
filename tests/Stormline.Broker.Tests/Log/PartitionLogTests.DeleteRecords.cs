using Stormline.Broker.Log;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Tests.Log;

/// <summary>DeleteRecords: a log start offset inside a segment, persisted.</summary>
public sealed partial class PartitionLogTests
{
    [Fact]
    public void Deleting_records_drops_the_segments_below_and_the_start_survives_a_reopen()
    {
        using (var log = _directory.Open(SmallSegments with { RetentionMs = -1 }))
        {
            AppendMany(log, 25); // 50 offsets, a segment per 10

            Assert.Equal((ErrorCode.None, 13L), log.DeleteRecordsBefore(13));

            Assert.Equal(13, log.LogStartOffset);
            Assert.Null(log.Read(12, 1 << 20, minOneBatch: true));
            Assert.NotEmpty(log.Read(13, 1 << 20, minOneBatch: true)!);
            Assert.False(File.Exists(_directory.File(0, LogFiles.LogSuffix)));
            Assert.True(File.Exists(_directory.File(10, LogFiles.LogSuffix)));
            Assert.Equal((ErrorCode.OffsetOutOfRange, 13L), log.DeleteRecordsBefore(51));
            Assert.Equal((ErrorCode.None, 13L), log.DeleteRecordsBefore(5));
        }

        using var reopened = _directory.Open(SmallSegments with { RetentionMs = -1 });
        Assert.Equal(13, reopened.LogStartOffset);
        Assert.Null(reopened.Read(12, 1 << 20, minOneBatch: true));
        Assert.Equal((ErrorCode.None, 50L), reopened.DeleteRecordsBefore(PartitionLog.HighWatermarkOffset));
        Assert.Equal(50, reopened.LogStartOffset);
        Assert.Equal(50, reopened.Append(TestBatches.Create()).BaseOffset);
    }
}
