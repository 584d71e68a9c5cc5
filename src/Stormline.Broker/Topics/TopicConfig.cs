using System.Globalization;
using Stormline.Broker.Log;
using Stormline.Broker.Server;

namespace Stormline.Broker.Topics;

/// <summary>
/// Topic-level configs with Kafka's names. A topic stores only its overrides; everything else comes from the
/// broker's defaults, and DescribeConfigs reports which is which.
/// </summary>
public static class TopicConfig
{
    public const string CleanupPolicy = "cleanup.policy";
    public const string RetentionMs = "retention.ms";
    public const string RetentionBytes = "retention.bytes";
    public const string SegmentBytes = "segment.bytes";
    public const string SegmentMs = "segment.ms";
    public const string FlushMessages = "flush.messages";
    public const string FlushMs = "flush.ms";
    public const string MaxMessageBytes = "max.message.bytes";
    public const string MessageTimestampType = "message.timestamp.type";
    public const string MinInsyncReplicas = "min.insync.replicas";
    public const string CompressionType = "compression.type";
    public const string IndexIntervalBytes = "index.interval.bytes";
    public const string DeleteRetentionMs = "delete.retention.ms";
    public const string MinCleanableDirtyRatio = "min.cleanable.dirty.ratio";
    public const string MinCompactionLagMs = "min.compaction.lag.ms";

    /// <summary>Every topic config this broker knows, with the broker config it defaults from (if any).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        CleanupPolicy, CompressionType, DeleteRetentionMs, FlushMessages, FlushMs, IndexIntervalBytes, MaxMessageBytes,
        MessageTimestampType, MinCleanableDirtyRatio, MinCompactionLagMs, MinInsyncReplicas, RetentionBytes, RetentionMs,
        SegmentBytes, SegmentMs,
    ];

    /// <summary>The broker-wide default of a topic config, as a string.</summary>
    public static string DefaultValue(string name, BrokerOptions broker) => name switch
    {
        CleanupPolicy => broker.LogCleanupPolicy,
        CompressionType => "producer",
        DeleteRetentionMs => broker.LogCleanerDeleteRetentionMs.ToString(CultureInfo.InvariantCulture),
        MinCleanableDirtyRatio => broker.LogCleanerMinCleanableRatio.ToString(CultureInfo.InvariantCulture),
        MinCompactionLagMs => broker.LogCleanerMinCompactionLagMs.ToString(CultureInfo.InvariantCulture),
        FlushMessages => broker.FlushIntervalMessages.ToString(CultureInfo.InvariantCulture),
        FlushMs => broker.FlushIntervalMs.ToString(CultureInfo.InvariantCulture),
        IndexIntervalBytes => "4096",
        MaxMessageBytes => broker.MessageMaxBytes.ToString(CultureInfo.InvariantCulture),
        MessageTimestampType => "CreateTime",
        MinInsyncReplicas => "1",
        RetentionBytes => broker.RetentionBytes.ToString(CultureInfo.InvariantCulture),
        RetentionMs => broker.RetentionMs.ToString(CultureInfo.InvariantCulture),
        SegmentBytes => broker.SegmentBytes.ToString(CultureInfo.InvariantCulture),
        SegmentMs => broker.SegmentMs.ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown topic config"),
    };

    /// <summary>Null when the value is acceptable, else a message that says what is wrong.</summary>
    public static string? Validate(string name, string? value)
    {
        if (!Names.Contains(name))
        {
            return $"Unknown topic config '{name}'";
        }

        if (value is null)
        {
            return null;
        }

        return name switch
        {
            CleanupPolicy => ValidateCleanupPolicy(value),
            MinCleanableDirtyRatio => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) && ratio is >= 0 and <= 1 ? null : $"Invalid value {value} for {name}: a number between 0 and 1",
            DeleteRetentionMs or MinCompactionLagMs => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? null : $"Invalid value {value} for {name}: a whole number >= 0",
            CompressionType => value is "producer" or "uncompressed" or "gzip" or "snappy" or "lz4" or "zstd" ? null : $"Invalid compression.type '{value}'",
            MessageTimestampType => value is "CreateTime" or "LogAppendTime" ? null : $"Invalid message.timestamp.type '{value}'",
            RetentionMs or RetentionBytes => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v >= -1 ? null : $"Invalid value {value} for {name}: a whole number >= -1",
            _ => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? null : $"Invalid value {value} for {name}: a positive whole number",
        };
    }

    /// <summary>cleanup.policy is a list of "delete" and "compact", at least one, each once (Kafka's ValidList).</summary>
    private static string? ValidateCleanupPolicy(string value)
    {
        var items = value.Split(',', StringSplitOptions.TrimEntries);
        if (items.Any(i => i is not ("delete" or "compact")) || items.Distinct(StringComparer.Ordinal).Count() != items.Length)
        {
            return $"Invalid value {value} for cleanup.policy: a list of 'delete' and 'compact' (e.g. 'compact' or 'compact,delete')";
        }

        return null;
    }

    /// <summary>The items of a valid cleanup.policy value.</summary>
    private static bool PolicyHas(string policy, string item) => policy.Split(',', StringSplitOptions.TrimEntries).Contains(item);

    /// <summary>List-typed configs, the only ones IncrementalAlterConfigs may APPEND to or SUBTRACT from.</summary>
    public static bool IsList(string name) => name == CleanupPolicy;

    /// <summary>The broker config that a topic config falls back to (Kafka's synonym), e.g. retention.ms → log.retention.ms.</summary>
    public static string BrokerSynonym(string name) => name switch
    {
        CleanupPolicy => "log.cleanup.policy",
        CompressionType => "compression.type",
        DeleteRetentionMs => "log.cleaner.delete.retention.ms",
        MinCleanableDirtyRatio => "log.cleaner.min.cleanable.ratio",
        MinCompactionLagMs => "log.cleaner.min.compaction.lag.ms",
        FlushMessages => "log.flush.interval.messages",
        FlushMs => "log.flush.interval.ms",
        IndexIntervalBytes => "log.index.interval.bytes",
        MaxMessageBytes => "message.max.bytes",
        MessageTimestampType => "log.message.timestamp.type",
        MinInsyncReplicas => "min.insync.replicas",
        RetentionBytes => "log.retention.bytes",
        RetentionMs => "log.retention.ms",
        SegmentBytes => "log.segment.bytes",
        SegmentMs => "log.roll.ms",
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown topic config"),
    };

    /// <summary>
    /// Whether the broker-wide default of this topic config was set by the operator (Kafka's STATIC_BROKER_CONFIG)
    /// rather than left at the built-in value (DEFAULT_CONFIG). An option explicitly set to its built-in value counts as unset.
    /// </summary>
    public static bool IsSetOnBroker(string name, BrokerOptions broker) => DefaultValue(name, broker) != DefaultValue(name, BuiltInDefaults);

    private static readonly BrokerOptions BuiltInDefaults = new();

    public static LogConfig Resolve(IReadOnlyDictionary<string, string> overrides, BrokerOptions broker)
    {
        string Get(string name) => overrides.TryGetValue(name, out var v) ? v : DefaultValue(name, broker);
        long GetLong(string name) => long.Parse(Get(name), CultureInfo.InvariantCulture);
        return new LogConfig
        {
            SegmentBytes = GetLong(SegmentBytes),
            SegmentMs = GetLong(SegmentMs),
            RetentionMs = GetLong(RetentionMs),
            RetentionBytes = GetLong(RetentionBytes),
            FlushMessages = GetLong(FlushMessages),
            FlushMs = GetLong(FlushMs),
            MaxMessageBytes = (int)Math.Min(int.MaxValue, GetLong(MaxMessageBytes)),
            IndexIntervalBytes = (int)Math.Min(int.MaxValue, GetLong(IndexIntervalBytes)),
            LogAppendTime = Get(MessageTimestampType) == "LogAppendTime",
            Delete = PolicyHas(Get(CleanupPolicy), "delete"),
            Compact = PolicyHas(Get(CleanupPolicy), "compact"),
            DeleteRetentionMs = GetLong(DeleteRetentionMs),
            MinCleanableDirtyRatio = double.Parse(Get(MinCleanableDirtyRatio), CultureInfo.InvariantCulture),
            MinCompactionLagMs = GetLong(MinCompactionLagMs),
        };
    }
}
