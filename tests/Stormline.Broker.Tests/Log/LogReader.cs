using Stormline.Broker.Log;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Tests.Log;

/// <summary>Reads a partition log from its start to its end the way fetches do, checking every batch on the way.</summary>
public static class LogReader
{
    public static List<RecordBatch> ReadAll(PartitionLog log, int maxBytes = 64 * 1024)
    {
        var batches = new List<RecordBatch>();
        var offset = log.LogStartOffset;
        while (offset < log.LogEndOffset)
        {
            var bytes = log.Read(offset, maxBytes, minOneBatch: true);
            Assert.NotNull(bytes);
            Assert.NotEmpty(bytes);
            foreach (var batch in TestBatches.Headers(bytes))
            {
                Assert.Equal(offset, batch.BaseOffset);
                batches.Add(batch);
                offset = batch.LastOffset + 1;
            }
        }

        return batches;
    }

    /// <summary>Offsets are consecutive from the log start to the log end.</summary>
    public static void AssertContiguous(PartitionLog log)
    {
        var batches = ReadAll(log);
        var expected = log.LogStartOffset;
        foreach (var batch in batches)
        {
            Assert.Equal(expected, batch.BaseOffset);
            expected = batch.LastOffset + 1;
        }

        Assert.Equal(log.LogEndOffset, expected);
    }
}
