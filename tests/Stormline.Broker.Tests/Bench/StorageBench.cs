using System.Buffers.Binary;
using Microsoft.Extensions.Logging.Abstractions;
using Stormline.Broker.Log;
using Stormline.Broker.Protocol;
using Stormline.Broker.Tests.Log;

namespace Stormline.Broker.Tests.Bench;

/// <summary>
/// The partition log on its own, in-process: appends (CRC check, offsets, write to the OS), fetch-style reads,
/// timestamp lookups and reopening. Skipped unless STORMLINE_BENCH=1; run by <c>bench/storage.sh</c>.
/// </summary>
[Trait("Category", "Bench")]
public sealed class StorageBench
{
    public static bool Enabled => Environment.GetEnvironmentVariable("STORMLINE_BENCH") == "1";

    [Fact(Skip = "benchmarks run only through bench/storage.sh (STORMLINE_BENCH=1)", SkipUnless = nameof(Enabled), Timeout = 600_000)]
    public void Append_read_lookup_and_reopen_a_partition_log()
    {
        var output = TestContext.Current.TestOutputHelper!;
        var root = Path.Combine(Path.GetTempPath(), "stormline-storage-bench-" + Guid.NewGuid().ToString("N"));
        var directory = Path.Combine(root, "bench-0");
        var config = new LogConfig { SegmentBytes = 64 << 20 };
        try
        {
            var log = PartitionLog.Open(directory, "bench", 0, config, NullLogger.Instance);

            // 100 records of 100 B per batch, as librdkafka sends them under load; batch i is 100 ms after batch i - 1.
            const int bigBatches = 20_000;
            var batches = Enumerable.Range(0, 100).Select(i => TestBatches.Create(records: 100, timestamp: 1_000_000 + (i * 100), step: 1, valueBytes: 100)).ToArray();
            var copy = new byte[batches[0].Length];
            var clock = new BenchClock();
            for (var i = 0; i < bigBatches; i++)
            {
                batches[i % 100].CopyTo(copy, 0);
                BinaryPrimitives.WriteInt64BigEndian(copy.AsSpan(27), 1_000_000 + (i * 100L));
                BinaryPrimitives.WriteInt64BigEndian(copy.AsSpan(35), 1_000_099 + (i * 100L));
                BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(RecordBatch.CrcOffset), RecordBatch.ComputeCrc(copy));
                log.Append(copy);
            }

            output.WriteLine($"append, 100-record batches of {copy.Length} B: {clock.Rate(bigBatches * 100, "records")}; {bigBatches * (double)copy.Length / clock.Cpu.TotalSeconds / 1e6:F0} MB/s of CPU");

            // One record per batch: the fixed cost of an append.
            const int smallBatches = 200_000;
            var small = TestBatches.Create(records: 1, timestamp: 1_000_000 + (bigBatches * 100L), valueBytes: 100);
            var smallCopy = new byte[small.Length];
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            clock.Restart();
            for (var i = 0; i < smallBatches; i++)
            {
                small.CopyTo(smallCopy, 0);
                log.Append(smallCopy);
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            output.WriteLine($"append, 1-record batches: {clock.Rate(smallBatches, "appends")}, {allocated / smallBatches} B allocated each");

            // A consumer catching up: 1 MiB fetches from the start to the end.
            var end = log.LogEndOffset;
            long bytes = 0;
            var fetches = 0;
            clock.Restart();
            for (var offset = 0L; offset < end;)
            {
                var data = log.Read(offset, 1 << 20, minOneBatch: true)!;
                bytes += data.Length;
                fetches++;
                offset = LastOffset(data) + 1;
            }

            output.WriteLine($"read, 1 MiB fetches from start to end: {clock.Rate(fetches, "fetches")}; {bytes / clock.Cpu.TotalSeconds / 1e6:F0} MB/s of CPU");

            // Fetches at random offsets of one small batch each: the index lookup and header walk dominate.
            var random = new Random(42);
            const int lookups = 20_000;
            clock.Restart();
            for (var i = 0; i < lookups; i++)
            {
                log.Read(random.NextInt64(0, end), 1, minOneBatch: true);
            }

            output.WriteLine($"read, one batch at a random offset: {clock.Rate(lookups, "reads")}");

            clock.Restart();
            for (var i = 0; i < lookups; i++)
            {
                log.OffsetForTimestamp(1_000_000 + random.NextInt64(0, bigBatches * 100L));
            }

            output.WriteLine($"offset for timestamp: {clock.Rate(lookups, "lookups")}");

            var size = log.SizeInBytes;
            var segments = log.SegmentCount;
            var crashImage = Path.Combine(root, "crash-0");
            Directory.CreateDirectory(crashImage);
            foreach (var file in Directory.GetFiles(directory))
            {
                File.Copy(file, Path.Combine(crashImage, Path.GetFileName(file)));
            }

            log.Dispose();
            clock.Restart();
            using (PartitionLog.Open(directory, "bench", 0, config, NullLogger.Instance))
            {
                output.WriteLine($"open after a clean close: {clock.Cpu.TotalMilliseconds:F0} ms CPU ({clock.Wall.TotalMilliseconds:F0} ms wall) for {size / 1e6:F0} MB in {segments} segments");
            }

            clock.Restart();
            using (PartitionLog.Open(crashImage, "bench", 0, config, NullLogger.Instance))
            {
                output.WriteLine($"open after a crash: {clock.Cpu.TotalMilliseconds:F0} ms CPU ({clock.Wall.TotalMilliseconds:F0} ms wall)");
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact(Skip = "benchmarks run only through bench/storage.sh (STORMLINE_BENCH=1)", SkipUnless = nameof(Enabled), Timeout = 600_000)]
    public void Group_commit_with_flush_messages_1()
    {
        var output = TestContext.Current.TestOutputHelper!;
        foreach (var threads in new[] { 1, 4, 16 })
        {
            var root = Path.Combine(Path.GetTempPath(), "stormline-fsync-bench-" + Guid.NewGuid().ToString("N"));
            try
            {
                using var log = PartitionLog.Open(Path.Combine(root, "bench-0"), "bench", 0, new LogConfig { FlushMessages = 1 }, NullLogger.Instance);
                const int perThread = 1_000;
                var watch = System.Diagnostics.Stopwatch.StartNew();
                // Dedicated threads: the thread pool would add blocked workers too slowly to show concurrency.
                var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
                {
                    var batch = TestBatches.Create(records: 10, valueBytes: 100);
                    var copy = new byte[batch.Length];
                    for (var i = 0; i < perThread; i++)
                    {
                        batch.CopyTo(copy, 0);
                        log.Append(copy);
                    }
                })).ToList();
                workers.ForEach(w => w.Start());
                workers.ForEach(w => w.Join());

                var appends = threads * perThread;
                output.WriteLine($"flush.messages=1, {threads} appender thread(s): {appends / watch.Elapsed.TotalSeconds:N0} acknowledged appends/s, {log.FsyncCount} fsyncs for {appends} appends ({(double)log.FsyncCount / appends:F2} per append)");
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static long LastOffset(byte[] data)
    {
        var position = 0;
        long last = -1;
        while (position < data.Length)
        {
            var header = RecordBatch.ReadHeader(data.AsSpan(position));
            last = header.LastOffset;
            position += header.TotalSize;
        }

        return last;
    }
}
