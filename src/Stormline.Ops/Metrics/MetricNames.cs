namespace Stormline.Ops.Metrics;

/// <summary>The exported metric names: kafka_exporter's for the cluster, stormline_* for what it does not have.</summary>
public static class MetricNames
{
    public const string Brokers = "kafka_brokers";
    public const string TopicPartitions = "kafka_topic_partitions";
    public const string PartitionCurrentOffset = "kafka_topic_partition_current_offset";
    public const string PartitionOldestOffset = "kafka_topic_partition_oldest_offset";
    public const string PartitionInSyncReplica = "kafka_topic_partition_in_sync_replica";
    public const string PartitionUnderReplicated = "kafka_topic_partition_under_replicated_partition";
    public const string PartitionLeader = "kafka_topic_partition_leader";
    public const string PartitionReplicas = "kafka_topic_partition_replicas";
    public const string PartitionLeaderIsPreferred = "kafka_topic_partition_leader_is_preferred";

    /// <summary>Not in kafka_exporter: the leader's bytes of the partition, from DescribeLogDirs (the JMX exporter's kafka_log_log_size).</summary>
    public const string PartitionSizeBytes = "stormline_topic_partition_size_bytes";
    public const string GroupCurrentOffset = "kafka_consumergroup_current_offset";
    public const string GroupCurrentOffsetSum = "kafka_consumergroup_current_offset_sum";
    public const string GroupLag = "kafka_consumergroup_lag";
    public const string GroupLagSum = "kafka_consumergroup_lag_sum";
    public const string GroupMembers = "kafka_consumergroup_members";
    public const string GroupStatus = "stormline_consumergroup_status";

    /// <summary>kafka-lag-exporter's time lag, with its labels (cluster_name, group, topic, partition, member_host, consumer_id, client_id).</summary>
    public const string GroupLagSeconds = "kafka_consumergroup_group_lag_seconds";

    /// <summary>kafka-lag-exporter's largest time lag of a group (cluster_name, group, is_simple_consumer).</summary>
    public const string GroupMaxLagSeconds = "kafka_consumergroup_group_max_lag_seconds";
    public const string GroupPartitionStatus = "stormline_consumergroup_partition_status";
    public const string GroupPartitionTimeLagStatus = "stormline_consumergroup_partition_time_lag_status";
    public const string PollDuration = "stormline_ops_poll_duration_seconds";
    public const string ServiceReady = "stormline_service_ready";

    /// <summary>The embedded broker's disk gauges as the Prometheus exporter names them (instruments stormline.broker.disk.*).</summary>
    public const string BrokerDiskFree = "stormline_broker_disk_free_bytes";
    public const string BrokerDiskTotal = "stormline_broker_disk_total_bytes";

    /// <summary>Instruments with a series per partition (or per group and partition), whose series count grows with the cluster.</summary>
    public static IReadOnlySet<string> PerPartition { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        TopicPartitions, PartitionCurrentOffset, PartitionOldestOffset, PartitionInSyncReplica, PartitionUnderReplicated,
        PartitionLeader, PartitionReplicas, PartitionLeaderIsPreferred, PartitionSizeBytes, GroupCurrentOffset, GroupCurrentOffsetSum, GroupLag, GroupLagSum, GroupMembers, GroupStatus,
        GroupPartitionStatus, GroupPartitionTimeLagStatus, GroupLagSeconds, GroupMaxLagSeconds,
        "stormline.broker.log.size",
    };
}
