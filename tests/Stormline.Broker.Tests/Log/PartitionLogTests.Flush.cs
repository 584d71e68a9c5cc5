using Stormline.Broker.Log;

namespace Stormline.Broker.Tests.Log;

/// <summary>The flush policy: flush.messages, flush.ms, and the fsyncs of rolled segments.</summary>
public sealed partial class PartitionLogTests
{
    [Fact]
    public void By_default_an_append_leaves_flushing_to_the_OS()
    {
        using var log = _directory.Open();
        AppendMany(log, 100);

        Assert.Equal(0, log.FsyncCount);
    }

    [Fact]
    public void With_flush_messages_1_every_append_is_fsynced_before_it_returns()
    {
        using var log = _directory.Open(new LogConfig { FlushMessages = 1 });
        for (var i = 1; i <= 10; i++)
        {
            log.Append(TestBatches.Create(records: 2));
            Assert.Equal(i, log.FsyncCount);
        }
    }

    [Fact]
    public void With_flush_messages_n_an_fsync_follows_every_n_messages()
    {
        using var log = _directory.Open(new LogConfig { FlushMessages = 5 });
        var fsyncs = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            log.Append(TestBatches.Create(records: 2));
            fsyncs.Add(log.FsyncCount);
        }

        // 2, 4, 6 (flush), 2, 4, 6 (flush) messages unflushed.
        Assert.Equal([0L, 0, 1, 1, 1, 2], fsyncs);
    }

    [Fact]
    public void With_flush_ms_the_maintenance_call_fsyncs_once_the_oldest_unflushed_append_is_that_old()
    {
        var time = new ManualTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000));
        using var log = _directory.Open(new LogConfig { FlushMs = 1_000 }, time);
        log.Append(TestBatches.Create(records: 2));
        time.Advance(TimeSpan.FromMilliseconds(600));
        log.Append(TestBatches.Create(records: 2));

        log.FlushIfDue();
        Assert.Equal(0, log.FsyncCount);

        time.Advance(TimeSpan.FromMilliseconds(400));
        log.FlushIfDue();
        Assert.Equal(1, log.FsyncCount);

        time.Advance(TimeSpan.FromMilliseconds(5_000));
        log.FlushIfDue();
        Assert.Equal(1, log.FsyncCount);
    }

    [Fact]
    public void With_flush_ms_an_append_that_finds_the_interval_passed_fsyncs()
    {
        var time = new ManualTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000));
        using var log = _directory.Open(new LogConfig { FlushMs = 1_000 }, time);
        log.Append(TestBatches.Create(records: 2));
        time.Advance(TimeSpan.FromMilliseconds(1_000));

        log.Append(TestBatches.Create(records: 2));

        Assert.Equal(1, log.FsyncCount);
    }

    [Fact]
    public void A_rolled_segment_is_fsynced_in_the_background_and_moves_the_recovery_point()
    {
        using var log = _directory.Open(SmallSegments);
        AppendMany(log, 11);

        WaitFor(() => log.RecoveryPoint == 20);
        Assert.Equal(2, log.FsyncCount);
        Assert.Equal(["0", "20"], File.ReadAllLines(Path.Combine(_directory.Path, LogFiles.RecoveryPointFile)));
    }

    [Fact]
    public void Concurrent_appenders_with_flush_messages_1_all_get_their_data_fsynced()
    {
        using var log = _directory.Open(new LogConfig { FlushMessages = 1 });
        const int threads = 4;
        const int perThread = 100;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
        {
            for (var i = 0; i < perThread; i++)
            {
                log.Append(TestBatches.Create(records: 1));
            }
        });

        Assert.Equal(threads * perThread, log.LogEndOffset);
        Assert.InRange(log.FsyncCount, 1, threads * perThread);
        LogReader.AssertContiguous(log);
    }
}
