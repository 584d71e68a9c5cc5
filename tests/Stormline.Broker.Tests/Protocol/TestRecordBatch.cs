using System.Buffers.Binary;
using System.Text;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Tests.Protocol;

/// <summary>Builds uncompressed v2 record batches (Kafka "Message Format") as a producer sends them: base offset 0, CRC set.</summary>
internal static class TestRecordBatch
{
    public static byte[] Create(IReadOnlyList<(string? Key, string? Value)> records, long producerId = -1, short producerEpoch = -1, int baseSequence = -1, long timestamp = 1_700_000_000_000) =>
        Create(records.Select(r => (0L, Utf8(r.Key), Utf8(r.Value))).ToList(), timestamp, producerId, producerEpoch, baseSequence);

    /// <summary>A batch whose record i has timestamp <paramref name="timestamp"/> + its delta, and the given key and value bytes.</summary>
    public static byte[] Create(IReadOnlyList<(long TimestampDelta, byte[]? Key, byte[]? Value)> records, long timestamp, long producerId, short producerEpoch, int baseSequence)
    {
        var body = new List<byte>();
        for (var i = 0; i < records.Count; i++)
        {
            var record = new List<byte> { 0 };
            WriteVarLong(record, records[i].TimestampDelta);
            WriteVarLong(record, i);
            WriteNullable(record, records[i].Key);
            WriteNullable(record, records[i].Value);
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
        BinaryPrimitives.WriteInt32BigEndian(span[23..], records.Count - 1);
        BinaryPrimitives.WriteInt64BigEndian(span[27..], timestamp);
        BinaryPrimitives.WriteInt64BigEndian(span[35..], timestamp + (records.Count == 0 ? 0 : records.Max(r => r.TimestampDelta)));
        BinaryPrimitives.WriteInt64BigEndian(span[43..], producerId);
        BinaryPrimitives.WriteInt16BigEndian(span[51..], producerEpoch);
        BinaryPrimitives.WriteInt32BigEndian(span[53..], baseSequence);
        BinaryPrimitives.WriteInt32BigEndian(span[57..], records.Count);
        body.CopyTo(batch, RecordBatch.HeaderSize);
        BinaryPrimitives.WriteUInt32BigEndian(span[RecordBatch.CrcOffset..], RecordBatch.ComputeCrc(batch));
        return batch;
    }

    /// <summary>Sets the transactional attribute bit (4) of a batch built here and recomputes its CRC.</summary>
    public static byte[] MarkTransactional(byte[] batch)
    {
        var attributes = BinaryPrimitives.ReadInt16BigEndian(batch.AsSpan(RecordBatch.AttributesOffset));
        BinaryPrimitives.WriteInt16BigEndian(batch.AsSpan(RecordBatch.AttributesOffset), (short)(attributes | 0x10));
        BinaryPrimitives.WriteUInt32BigEndian(batch.AsSpan(RecordBatch.CrcOffset), RecordBatch.ComputeCrc(batch));
        return batch;
    }

    private static byte[]? Utf8(string? text) => text is null ? null : Encoding.UTF8.GetBytes(text);

    private static void WriteNullable(List<byte> target, byte[]? bytes)
    {
        if (bytes is null)
        {
            WriteVarLong(target, -1);
            return;
        }

        WriteVarLong(target, bytes.Length);
        target.AddRange(bytes);
    }

    /// <summary>Zig-zag varint, as every length and delta inside a v2 record.</summary>
    private static void WriteVarLong(List<byte> target, long value)
    {
        var zigzag = (ulong)((value << 1) ^ (value >> 63));
        while (zigzag >= 0x80)
        {
            target.Add((byte)(zigzag | 0x80));
            zigzag >>= 7;
        }

        target.Add((byte)zigzag);
    }
}
