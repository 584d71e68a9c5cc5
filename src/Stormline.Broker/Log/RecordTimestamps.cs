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
        var batchBytes = batch[..header.TotalSize];
        for (var i = 0; i < header.RecordCount && BatchRecords.TryRead(batchBytes, ref position, out var record); i++)
        {
            if (header.BaseTimestamp + record.TimestampDelta >= timestamp)
            {
                return new TimestampMatch(header.BaseOffset + record.OffsetDelta, header.BaseTimestamp + record.TimestampDelta);
            }
        }

        return first;
    }
}
