namespace Stormline.Broker.Log;

/// <summary>A time-index entry: no batch up to the entry has a timestamp above <see cref="Timestamp"/>, first reached in the batch starting at <see cref="Offset"/>.</summary>
internal readonly record struct TimestampOffset(long Timestamp, long Offset);
