namespace Stormline.Model.Generation;

/// <summary>The per-partition figures and cluster defaults the topic plan is computed with (all overridable on the command line).</summary>
public sealed record TopicPlanOptions
{
    /// <summary>Events/s one partition takes from producers; Kafka does far more, so consumers usually decide.</summary>
    public double ProducerEventsPerPartition { get; init; } = 1000;

    /// <summary>Events/s one consumer instance handles (one partition per instance at most): the consumer-side need.</summary>
    public double ConsumerEventsPerPartition { get; init; } = 100;

    /// <summary>
    /// Never fewer than this: partitions can be raised later but raising them moves keys to other partitions (breaking
    /// per-key order for a while), so start with room to run a few replicas.
    /// </summary>
    public int MinPartitions { get; init; } = 3;

    public short ReplicationFactor { get; init; } = 3;

    public long DefaultRetentionMs { get; init; } = 604_800_000;

    public long DeadLetterRetentionMs { get; init; } = 2_592_000_000;
}
