using Stormline.Broker.Protocol;
using Stormline.Broker.Tests.Protocol;

namespace Stormline.Broker.Tests.Log;

/// <summary>Builds v2 record batches as a producer sends them (base offset 0, CRC set), uncompressed.</summary>
public static class TestBatches
{
    /// <summary>A batch of <paramref name="records"/> records whose timestamps are <paramref name="timestamp"/> + i * <paramref name="step"/>.</summary>
    public static byte[] Create(int records = 1, long timestamp = 1_000, long step = 0, int valueBytes = 10, long producerId = -1, short epoch = 0, int baseSequence = -1) =>
        TestRecordBatch.Create(
            Enumerable.Range(0, records).Select(i => (i * step, (byte[]?)null, (byte[]?)Enumerable.Repeat((byte)('a' + (i % 26)), valueBytes).ToArray())).ToList(),
            timestamp,
            producerId,
            epoch,
            baseSequence);

    /// <summary>A batch of a producer's transaction (attribute bit 4) of <paramref name="records"/> records.</summary>
    public static byte[] Transactional(long producerId, short epoch, int baseSequence, int records = 2) =>
        TestRecordBatch.MarkTransactional(Create(records, producerId: producerId, epoch: epoch, baseSequence: baseSequence));

    /// <summary>The batches in a buffer returned by a read, as (header, bytes).</summary>
    public static List<RecordBatch> Headers(byte[] buffer)
    {
        var headers = new List<RecordBatch>();
        var position = 0;
        while (position + RecordBatch.HeaderSize <= buffer.Length)
        {
            var header = RecordBatch.ReadHeader(buffer.AsSpan(position));
            Assert.True(position + header.TotalSize <= buffer.Length, "a read returned a partial batch");
            Assert.True(RecordBatch.HasValidCrc(buffer.AsSpan(position, header.TotalSize)), "a read returned a batch with a bad CRC");
            headers.Add(header);
            position += header.TotalSize;
        }

        Assert.Equal(buffer.Length, position);
        return headers;
    }
}
