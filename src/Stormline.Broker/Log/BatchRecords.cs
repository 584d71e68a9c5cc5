using Stormline.Broker.Protocol;

namespace Stormline.Broker.Log;

/// <summary>
/// Reads the records of an uncompressed v2 batch in place (length, attributes, timestamp delta, offset delta, key,
/// value as zig-zag varints and bytes), without copying keys or values. Headers are skipped via the record length.
/// </summary>
internal static class BatchRecords
{
    /// <summary>
    /// Reads the record at <paramref name="position"/> and moves it past the record; false when the bytes do not
    /// hold a well-formed record there (the batch is then treated as opaque).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> batch, ref int position, out BatchRecord record)
    {
        record = default;
        var start = position;
        var p = position;
        if (!TryReadVarLong(batch, ref p, out var length) || length < 0 || p + length > batch.Length)
        {
            return false;
        }

        var end = p + (int)length;
        p++; // attributes
        if (!TryReadVarLong(batch, ref p, out var timestampDelta) || !TryReadVarLong(batch, ref p, out var offsetDelta)
            || !TryReadVarLong(batch, ref p, out var keyLength) || keyLength < -1 || p + Math.Max(0, keyLength) > end)
        {
            return false;
        }

        var keyStart = p;
        p += (int)Math.Max(0, keyLength);
        if (!TryReadVarLong(batch, ref p, out var valueLength) || valueLength < -1 || p + Math.Max(0, valueLength) > end)
        {
            return false;
        }

        record = new BatchRecord(start, end - start, timestampDelta, offsetDelta, keyStart, (int)keyLength, p, (int)valueLength);
        position = end;
        return true;
    }

    /// <summary>Whether the records of this batch can be read here: uncompressed and not a control batch.</summary>
    public static bool AreReadable(in RecordBatch header) => header.CompressionCodec == 0 && !header.IsControl;

    /// <summary>
    /// The first record without a key in an uncompressed data batch, as its offset delta; -1 when every record has one
    /// (or the records cannot be read here: compressed batches are not decompressed by this broker).
    /// </summary>
    public static long FirstWithoutKey(ReadOnlySpan<byte> batch, in RecordBatch header)
    {
        if (!AreReadable(header))
        {
            return -1;
        }

        var position = RecordBatch.HeaderSize;
        for (var i = 0; i < header.RecordCount && TryRead(batch, ref position, out var record); i++)
        {
            if (!record.HasKey)
            {
                return record.OffsetDelta;
            }
        }

        return -1;
    }

    /// <summary>A zig-zag varint as the record format encodes lengths and deltas.</summary>
    private static bool TryReadVarLong(ReadOnlySpan<byte> span, ref int position, out long value)
    {
        ulong raw = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (position >= span.Length)
            {
                break;
            }

            var b = span[position++];
            raw |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                value = (long)(raw >> 1) ^ -(long)(raw & 1);
                return true;
            }
        }

        value = 0;
        return false;
    }
}
