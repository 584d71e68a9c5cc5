namespace Stormline.Broker.Log;

/// <summary>
/// The settings that shape one partition's log, resolved from topic overrides and broker defaults
/// (Kafka's names: segment.bytes, segment.ms, retention.ms, retention.bytes, flush.messages, flush.ms, max.message.bytes,
/// index.interval.bytes, segment.index.bytes, message.timestamp.type, cleanup.policy, delete.retention.ms,
/// min.cleanable.dirty.ratio, min.compaction.lag.ms).
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

    /// <summary>cleanup.policy holds "delete": retention.ms and retention.bytes delete whole old segments.</summary>
    public bool Delete { get; init; } = true;

    /// <summary>cleanup.policy holds "compact": the log cleaner keeps the latest record per key and produce refuses records without a key.</summary>
    public bool Compact { get; init; }

    /// <summary>How long a tombstone (null value) stays readable after its segment was first cleaned (delete.retention.ms).</summary>
    public long DeleteRetentionMs { get; init; } = 24L * 60 * 60 * 1000;

    /// <summary>Share of the log not yet cleaned at which the cleaner takes the partition (min.cleanable.dirty.ratio).</summary>
    public double MinCleanableDirtyRatio { get; init; } = 0.5;

    /// <summary>A record stays uncompacted at least this long after it was written (min.compaction.lag.ms).</summary>
    public long MinCompactionLagMs { get; init; }
}
