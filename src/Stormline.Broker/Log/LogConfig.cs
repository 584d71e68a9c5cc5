namespace Stormline.Broker.Log;

/// <summary>
/// The settings that shape one partition's log, resolved from topic overrides and broker defaults
/// (Kafka's names: segment.bytes, segment.ms, retention.ms, retention.bytes, flush.messages, flush.ms, max.message.bytes,
/// index.interval.bytes, segment.index.bytes, message.timestamp.type).
/// </summary>
public sealed record LogConfig
{
    public long SegmentBytes { get; init; } = 1L << 30;

    public long SegmentMs { get; init; } = 7L * 24 * 60 * 60 * 1000;

    /// <summary>-1 keeps data forever.</summary>
    public long RetentionMs { get; init; } = 7L * 24 * 60 * 60 * 1000;

    /// <summary>-1 means no size limit.</summary>
    public long RetentionBytes { get; init; } = -1;

    /// <summary>fsync after this many messages; long.MaxValue leaves flushing to the OS, as Kafka does by default.</summary>
    public long FlushMessages { get; init; } = long.MaxValue;

    /// <summary>fsync when the oldest unflushed write is this old; long.MaxValue leaves flushing to the OS.</summary>
    public long FlushMs { get; init; } = long.MaxValue;

    public int MaxMessageBytes { get; init; } = 1_048_588;

    /// <summary>Bytes between two sparse offset-index entries (Kafka's index.interval.bytes).</summary>
    public int IndexIntervalBytes { get; init; } = 4096;

    /// <summary>Largest size of one index file (Kafka's segment.index.bytes); a full index rolls the segment.</summary>
    public int SegmentIndexBytes { get; init; } = 10 * 1024 * 1024;

    public bool LogAppendTime { get; init; }
}
