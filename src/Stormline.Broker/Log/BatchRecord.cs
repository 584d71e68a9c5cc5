namespace Stormline.Broker.Log;

/// <summary>
/// Where one record of an uncompressed v2 batch lies in the batch's bytes: the whole record (its length varint
/// included), its deltas, and its key and value (-1 lengths for null, as the record format encodes them).
/// </summary>
internal readonly record struct BatchRecord(int Start, int Length, long TimestampDelta, long OffsetDelta, int KeyStart, int KeyLength, int ValueStart, int ValueLength)
{
    public bool HasKey => KeyLength >= 0;

    /// <summary>A null value: a tombstone, which compaction keeps for delete.retention.ms and then removes.</summary>
    public bool IsTombstone => ValueLength < 0;
}
