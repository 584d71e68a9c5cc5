using System.Buffers.Binary;

namespace Stormline.Broker.Protocol;

/// <summary>
/// The fixed 61-byte header of a v2 record batch (Kafka "Message Format"). The broker never decodes the records
/// themselves: batches are stored as received, so every compression codec passes through untouched. Only the
/// base offset and partition leader epoch are rewritten, and those two fields lie outside the CRC.
/// </summary>
public readonly record struct RecordBatch(
    long BaseOffset,
    int BatchLength,
    int PartitionLeaderEpoch,
    sbyte Magic,
    uint Crc,
    short Attributes,
    int LastOffsetDelta,
    long BaseTimestamp,
    long MaxTimestamp,
    long ProducerId,
    short ProducerEpoch,
    int BaseSequence,
    int RecordCount)
{
    public const int HeaderSize = 61;

    /// <summary>Bytes before <see cref="BatchLength"/> starts counting: base offset and the length itself.</summary>
    public const int LogOverhead = 12;

    public const int CrcOffset = 17;
    public const int AttributesOffset = 21;

    /// <summary>Saturates instead of wrapping: a hostile batch length near int.MaxValue must read as too big, not negative.</summary>
    public int TotalSize => BatchLength > int.MaxValue - LogOverhead ? int.MaxValue : BatchLength + LogOverhead;

    public long LastOffset => BaseOffset + LastOffsetDelta;

    public int LastSequence => BaseSequence < 0 ? -1 : unchecked((int)((BaseSequence + (long)LastOffsetDelta) % ((long)int.MaxValue + 1)));

    public bool HasProducerId => ProducerId >= 0;

    public bool IsTransactional => (Attributes & 0x10) != 0;

    public bool IsControl => (Attributes & 0x20) != 0;

    public int CompressionCodec => Attributes & 0x07;

    public bool IsLogAppendTime => (Attributes & 0x08) != 0;

    public static RecordBatch ReadHeader(ReadOnlySpan<byte> span) => new(
        BinaryPrimitives.ReadInt64BigEndian(span),
        BinaryPrimitives.ReadInt32BigEndian(span[8..]),
        BinaryPrimitives.ReadInt32BigEndian(span[12..]),
        (sbyte)span[16],
        BinaryPrimitives.ReadUInt32BigEndian(span[17..]),
        BinaryPrimitives.ReadInt16BigEndian(span[21..]),
        BinaryPrimitives.ReadInt32BigEndian(span[23..]),
        BinaryPrimitives.ReadInt64BigEndian(span[27..]),
        BinaryPrimitives.ReadInt64BigEndian(span[35..]),
        BinaryPrimitives.ReadInt64BigEndian(span[43..]),
        BinaryPrimitives.ReadInt16BigEndian(span[51..]),
        BinaryPrimitives.ReadInt32BigEndian(span[53..]),
        BinaryPrimitives.ReadInt32BigEndian(span[57..]));

    /// <summary>CRC-32C over attributes..end, as the batch header's CRC field covers.</summary>
    public static uint ComputeCrc(ReadOnlySpan<byte> batch) => Crc32C.Compute(batch[AttributesOffset..]);

    public static bool HasValidCrc(ReadOnlySpan<byte> batch) =>
        BinaryPrimitives.ReadUInt32BigEndian(batch[CrcOffset..]) == ComputeCrc(batch);

    /// <summary>Sets the broker-assigned base offset and leader epoch in place; neither is covered by the CRC.</summary>
    public static void AssignOffset(Span<byte> batch, long baseOffset, int leaderEpoch)
    {
        BinaryPrimitives.WriteInt64BigEndian(batch, baseOffset);
        BinaryPrimitives.WriteInt32BigEndian(batch[12..], leaderEpoch);
    }
}
