using System.Buffers.Binary;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Tests.Log;

/// <summary>Builds v2 record batches as a producer sends them (base offset 0, CRC set), uncompressed.</summary>
public static class TestBatches
{
    /// <summary>A batch of <paramref name="records"/> records whose timestamps are <paramref name="timestamp"/> + i * <paramref name="step"/>.</summary>
    public static byte[] Create(int records = 1, long timestamp = 1_000, long step = 0, int valueBytes = 10, long producerId = -1, short epoch = 0, int baseSequence = -1)
    {
        var body = new List<byte>();
        for (var i = 0; i < records; i++)
        {
            var record = new List<byte> { 0 };
            WriteVarLong(record, i * step);
            WriteVarLong(record, i);
            WriteVarLong(record, -1);
            WriteVarLong(record, valueBytes);
            record.AddRange(Enumerable.Repeat((byte)('a' + (i % 26)), valueBytes));
            WriteVarLong(record, 0);
            WriteVarLong(body, record.Count);
            body.AddRange(record);
        }

        var batch = new byte[RecordBatch.HeaderSize + body.Count];
        var span = batch.AsSpan();
        BinaryPrimitives.WriteInt64BigEndian(span, 0);
        BinaryPrimitives.WriteInt32BigEndian(span[8..], batch.Length - RecordBatch.LogOverhead);
        BinaryPrimitives.WriteInt32BigEndian(span[12..], -1);
        span[16] = 2;
        BinaryPrimitives.WriteInt16BigEndian(span[21..], 0);
        BinaryPrimitives.WriteInt32BigEndian(span[23..], records - 1);
        BinaryPrimitives.WriteInt64BigEndian(span[27..], timestamp);
        BinaryPrimitives.WriteInt64BigEndian(span[35..], timestamp + ((records - 1) * step));
        BinaryPrimitives.WriteInt64BigEndian(span[43..], producerId);
        BinaryPrimitives.WriteInt16BigEndian(span[51..], epoch);
        BinaryPrimitives.WriteInt32BigEndian(span[53..], baseSequence);
        BinaryPrimitives.WriteInt32BigEndian(span[57..], records);
        body.CopyTo(batch, RecordBatch.HeaderSize);
        BinaryPrimitives.WriteUInt32BigEndian(span[RecordBatch.CrcOffset..], RecordBatch.ComputeCrc(span));
        return batch;
    }

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

    private static void WriteVarLong(List<byte> output, long value)
    {
        var raw = (ulong)((value << 1) ^ (value >> 63));
        while (raw >= 0x80)
        {
            output.Add((byte)(raw | 0x80));
            raw >>= 7;
        }

        output.Add((byte)raw);
    }
}
