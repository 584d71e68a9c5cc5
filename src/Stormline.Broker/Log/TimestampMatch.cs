namespace Stormline.Broker.Log;

/// <summary>
/// The answer to "first record at or after a time": its offset and its own timestamp, which ListOffsets returns
/// (clients such as <c>offsetsForTimes</c> show it). <see cref="None"/> when no record is that late.
/// </summary>
public readonly record struct TimestampMatch(long Offset, long Timestamp)
{
    public static TimestampMatch None => new(-1, -1);
}
