using System.Buffers.Binary;

namespace Stormline.Broker.Protocol;

/// <summary>
/// The control batch that ends a transaction in a partition (Kafka's EndTransactionMarker): attributes 0x30
/// (transactional and control), the transaction's producer id and epoch, base sequence -1 and one record whose key is
/// int16 version 0 + int16 type (0 ABORT, 1 COMMIT) and whose value is int16 version 0 + int32 coordinator epoch.
/// Written only by the broker; a client that sends a control batch gets INVALID_RECORD.
/// </summary>
internal static class TransactionMarker
{
    public const short AbortType = 0;
    public const short CommitType = 1;

    private const int RecordSize = 17;

    /// <summary>Total bytes of a marker batch: the 61-byte header and one 17-byte record.</summary>
    public const int Size = RecordBatch.HeaderSize + RecordSize;

    /// <summary>A complete marker batch at base offset 0 (the log assigns the real one), CRC included.</summary>
    public static byte[] Build(long producerId, short producerEpoch, bool commit, int coordinatorEpoch, long timestampMs)
    {
        var batch = new byte[Size];
        var span = batch.AsSpan();
        BinaryPrimitives.WriteInt32BigEndian(span[8..], Size - RecordBatch.LogOverhead);
        span[16] = 2;
        BinaryPrimitives.WriteInt16BigEndian(span[RecordBatch.AttributesOffset..], 0x30);
        BinaryPrimitives.WriteInt32BigEndian(span[23..], 0);
        BinaryPrimitives.WriteInt64BigEndian(span[27..], timestampMs);
        BinaryPrimitives.WriteInt64BigEndian(span[35..], timestampMs);
        BinaryPrimitives.WriteInt64BigEndian(span[43..], producerId);
        BinaryPrimitives.WriteInt16BigEndian(span[51..], producerEpoch);
        BinaryPrimitives.WriteInt32BigEndian(span[53..], -1);
        BinaryPrimitives.WriteInt32BigEndian(span[57..], 1);

        // One record, zig-zag varints: length 16, attributes, timestamp delta 0, offset delta 0, key length 4, the
        // key, value length 6, the value, no headers.
        var record = span[RecordBatch.HeaderSize..];
        ReadOnlySpan<byte> prefix = [32, 0, 0, 0, 8, 0, 0];
        prefix.CopyTo(record);
        BinaryPrimitives.WriteInt16BigEndian(record[7..], commit ? CommitType : AbortType);
        record[9] = 12;
        BinaryPrimitives.WriteInt16BigEndian(record[10..], 0);
        BinaryPrimitives.WriteInt32BigEndian(record[12..], coordinatorEpoch);
        record[16] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(span[RecordBatch.CrcOffset..], RecordBatch.ComputeCrc(span));
        return batch;
    }

    /// <summary>Reads the type of a control batch's marker; false when its first record is not a version 0 marker key.</summary>
    public static bool TryReadIsCommit(ReadOnlySpan<byte> batch, out bool commit)
    {
        commit = false;
        var position = RecordBatch.HeaderSize;
        if (!Log.BatchRecords.TryRead(batch, ref position, out var record) || record.KeyLength != 4
            || BinaryPrimitives.ReadInt16BigEndian(batch[record.KeyStart..]) != 0)
        {
            return false;
        }

        var type = BinaryPrimitives.ReadInt16BigEndian(batch[(record.KeyStart + 2)..]);
        commit = type == CommitType;
        return type is CommitType or AbortType;
    }

    /// <summary>The coordinator epoch in a marker's value (int16 version 0 + int32 epoch); -1 when it has none.</summary>
    public static int CoordinatorEpochOf(ReadOnlySpan<byte> batch)
    {
        var position = RecordBatch.HeaderSize;
        return Log.BatchRecords.TryRead(batch, ref position, out var record) && record.ValueLength >= 6
            ? BinaryPrimitives.ReadInt32BigEndian(batch[(record.ValueStart + 2)..])
            : -1;
    }
}
