using Stormline.Broker.Log;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Tests.Log;

/// <summary>
/// flush.messages=1 through the file-system seam: nothing is acknowledged after a failed fsync, a retry is not
/// acknowledged before its original is fsynced, and what a crash left unflushed is fsynced when the log opens.
/// </summary>
public sealed partial class PartitionLogTests
{
    private static readonly LogConfig EveryMessage = new() { FlushMessages = 1 };

    [Fact]
    public void A_failed_fsync_takes_the_partition_offline_and_its_retry_is_not_acknowledged_as_a_duplicate()
    {
        var disk = new FaultyFileSystem();
        using (var log = _directory.Open(EveryMessage, fileSystem: disk))
        {
            Assert.Equal(ErrorCode.None, log.Append(Idempotent(0)).Error);
            disk.Failing = true;

            Assert.Equal(ErrorCode.KafkaStorageError, log.Append(Idempotent(1)).Error);
            Assert.True(log.IsOffline);

            // The batch reached the OS before its fsync failed, so the producer state knows it: the retry must still fail.
            Assert.Equal(ErrorCode.KafkaStorageError, log.Append(Idempotent(1)).Error);

            // A later fsync that succeeds proves nothing about the pages the failed one lost.
            disk.Failing = false;
            Assert.Equal(ErrorCode.KafkaStorageError, log.Append(Idempotent(2)).Error);
        }

        using var reopened = _directory.Open(EveryMessage);
        Assert.False(reopened.IsOffline);
        Assert.Equal(ErrorCode.None, reopened.Append(Idempotent(2)).Error);
    }

    [Fact]
    public async Task A_retry_that_arrives_while_its_original_is_being_fsynced_is_answered_only_after_that_fsync()
    {
        var disk = new FaultyFileSystem();
        using var log = _directory.Open(EveryMessage, fileSystem: disk);
        disk.Hold();
        var original = Task.Run(() => log.Append(Idempotent(0)));
        Assert.True(await disk.EnteredAsync(TimeSpan.FromSeconds(10)), "the original's fsync never started");

        var retry = Task.Run(() => (Result: log.Append(Idempotent(0)), FsyncsDone: disk.FileFsyncs));
        await Task.WhenAny(retry, Task.Delay(500));
        disk.Release();

        var (result, fsyncsDone) = await retry;
        Assert.Equal((ErrorCode.None, 0L), (result.Error, result.BaseOffset));
        Assert.Equal(1, fsyncsDone);
        Assert.Equal(ErrorCode.None, (await original).Error);
    }

    [Fact]
    public void The_active_segment_recovered_after_a_crash_is_fsynced_when_the_log_opens()
    {
        using var log = _directory.Open();
        AppendMany(log, 3);
        using var crash = _directory.CrashImage();

        var disk = new FaultyFileSystem();
        using var reopened = crash.Open(EveryMessage, fileSystem: disk);
        Assert.Equal(1, disk.FileFsyncs);
        Assert.True(disk.DirectoryFsyncs >= 1);

        var failing = new FaultyFileSystem { Failing = true };
        using var crashAgain = _directory.CrashImage();
        using var offline = crashAgain.Open(EveryMessage, fileSystem: failing);
        Assert.True(offline.IsOffline);
    }

    [Fact]
    public void After_a_roll_the_next_flush_also_fsyncs_the_directory_that_names_the_new_segment()
    {
        var disk = new FaultyFileSystem();
        using var log = _directory.Open(SmallSegments with { FlushMessages = 1 }, fileSystem: disk);
        var atOpen = disk.DirectoryFsyncs;
        AppendMany(log, 4);
        Assert.Equal(atOpen, disk.DirectoryFsyncs);

        AppendMany(log, 2); // the 6th batch starts a new segment
        Assert.True(disk.DirectoryFsyncs > atOpen, "no directory fsync after the roll");
    }

    private static byte[] Idempotent(int sequence) => TestBatches.Create(records: 1, producerId: 7, epoch: 0, baseSequence: sequence);
}
