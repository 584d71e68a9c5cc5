namespace Stormline.Ops.Collecting;

/// <summary>Where the collector reads from and how often.</summary>
public sealed class ClusterCollectorOptions
{
    /// <summary>Any Kafka cluster's bootstrap servers: the embedded broker or Apache Kafka alike.</summary>
    public string BootstrapServers { get; set; } = "127.0.0.1:9092";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Snapshots kept for trends; at the default interval 360 is one hour.</summary>
    public int HistorySize { get; set; } = 360;

    /// <summary>Bound on each admin request of a poll.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Whether topics such as <c>__consumer_offsets</c> appear in snapshots.</summary>
    public bool IncludeInternalTopics { get; set; }

    /// <summary>Groups asked for their committed offsets at the same time (one OffsetFetch per group).</summary>
    public int MaxConcurrentGroupRequests { get; set; } = 8;

    /// <summary>
    /// Whether each poll measures lag in seconds: the age of the next record each lagging group has not consumed,
    /// read with one fetch of one record per lagging partition (and none for a partition whose group has not moved).
    /// </summary>
    public bool MeasureTimeLag { get; set; } = true;

    /// <summary>Record reads per poll for lag in seconds; partitions past the cap are read at the next polls, in turn.</summary>
    public int MaxTimeLagReadsPerPoll { get; set; } = 500;

    /// <summary>The <c>cluster_name</c> label of kafka-lag-exporter's metrics; the cluster id when unset.</summary>
    public string? ClusterName { get; set; }

    /// <summary>Extra librdkafka settings (security.protocol, sasl.*, …) for the admin client.</summary>
    public IDictionary<string, string> ClientConfig { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The clock stamped on snapshots; tests and the lag evaluator share it.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
