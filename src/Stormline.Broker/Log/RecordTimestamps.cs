using Stormline.Broker.Protocol;

namespace Stormline.Broker.Log;

/// <summary>
/// Finds a record by timestamp inside an uncompressed v2 batch without decoding keys or values: each record starts
/// with its length, attributes, timestamp delta and offset delta (varints), which is all a lookup needs.
/// </summary>
internal static class RecordTimestamps
{
    /// <summary>
    /// The first record whose timestamp is at or after <paramref name="timestamp"/>, or the batch's first record when
    /// the records cannot be read here (compressed, LogAppendTime, malformed): its offset is the base offset and its
    /// timestamp the base timestamp (every record's, under LogAppendTime, is the batch's max timestamp).
    /// </summary>
    public static TimestampMatch FirstAtOrAfter(ReadOnlySpan<byte> batch, in RecordBatch header, long timestamp)
    {
        var first = new TimestampMatch(header.BaseOffset, header.IsLogAppendTime ? header.MaxTimestamp : header.BaseTimestamp);
        if (header.CompressionCodec != 0 || header.IsLogAppendTime || batch.Length < header.TotalSize)
        {
            return first;
        }

        var position = RecordBatch.HeaderSize;
        var end = header.TotalSize;
        for (var i = 0; i < header.RecordCount && position < end; i++)
        {
            if (!TryReadVarLong(batch, ref position, out var length) || length < 0 || position + length > end)
            {
                break;
            }

            var next = position + (int)length;
            position++; // attributes
            if (!TryReadVarLong(batch, ref position, out var timestampDelta) || !TryReadVarLong(batch, ref position, out var offsetDelta) || position > next)
            {
                break;
            }

            if (header.BaseTimestamp + timestampDelta >= timestamp)
            {
                return new TimestampMatch(header.BaseOffset + offsetDelta, header.BaseTimestamp + timestampDelta);
            }

            position = next;
        }

        return first;
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
