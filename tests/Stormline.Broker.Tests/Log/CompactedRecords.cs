using System.Text;
using Stormline.Broker.Log;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Tests.Log;

/// <summary>Reads a compacted partition log as a consumer does: from its start, fetch after fetch, across offset gaps.</summary>
public static class CompactedRecords
{
    public static List<(long Offset, string Key, string? Value)> ReadAll(PartitionLog log)
    {
        var records = new List<(long Offset, string Key, string? Value)>();
        var offset = log.LogStartOffset;
        while (offset < log.LogEndOffset)
        {
            var bytes = log.Read(offset, 1 << 20, minOneBatch: true);
            Assert.NotNull(bytes);
            Assert.NotEmpty(bytes);
            var position = 0;
            foreach (var batch in TestBatches.Headers(bytes))
            {
                Assert.True(batch.LastOffset >= offset, $"a read from {offset} returned the batch {batch.BaseOffset}..{batch.LastOffset}");
                var span = bytes.AsSpan(position, batch.TotalSize);
                var at = RecordBatch.HeaderSize;
                for (var i = 0; i < batch.RecordCount; i++)
                {
                    Assert.True(BatchRecords.TryRead(span, ref at, out var record));
                    var key = Encoding.UTF8.GetString(span.Slice(record.KeyStart, record.KeyLength));
                    var value = record.IsTombstone ? null : Encoding.UTF8.GetString(span.Slice(record.ValueStart, record.ValueLength));
                    records.Add((batch.BaseOffset + record.OffsetDelta, key, value));
                }

                Assert.Equal(batch.TotalSize, at);
                position += batch.TotalSize;
                offset = batch.LastOffset + 1;
            }
        }

        return records;
    }

    /// <summary>The offsets of the control batches from the log start to its end.</summary>
    public static List<long> MarkerOffsets(PartitionLog log)
    {
        var markers = new List<long>();
        var offset = log.LogStartOffset;
        while (offset < log.LogEndOffset)
        {
            var headers = TestBatches.Headers(log.Read(offset, 1 << 20, minOneBatch: true)!);
            markers.AddRange(headers.Where(b => b.IsControl).Select(b => b.BaseOffset));
            offset = headers[^1].LastOffset + 1;
        }

        return markers;
    }
}
