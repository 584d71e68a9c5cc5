using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;

namespace Stormline.Registry.Storage;

/// <summary>
/// Creates or checks the registry's topic. It must have exactly one partition (the log's order is what allocates ids)
/// and must never drop records by age: <c>cleanup.policy=compact</c> as Confluent requires, or, on a broker without
/// compaction (Stormline's embedded one), <c>delete</c> with <c>retention.ms=-1</c> and <c>retention.bytes=-1</c>.
/// </summary>
internal static class SchemasTopic
{
    private const int InvalidConfig = 40;

    /// <summary>How long the start waits for the cluster: a registry pointed at a wrong address should say so soon.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    public static void Ensure(string bootstrapServers, string topic, TimeSpan timeout, ILogger logger)
    {
        timeout = TimeSpan.FromTicks(Math.Min(timeout.Ticks, StartTimeout.Ticks));
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers, SocketTimeoutMs = (int)timeout.TotalMilliseconds })
            .SetLogHandler((_, message) => RegistryLog.KafkaClient(logger, message))
            .Build();
        var metadata = admin.GetMetadata(timeout); // all topics: asking for this one by name may auto-create it with the wrong configs
        var existing = metadata.Topics.FirstOrDefault(t => t.Topic == topic && t.Error.Code == ErrorCode.NoError);
        if (existing is null)
        {
            Create(admin, topic, Math.Min(3, metadata.Brokers.Count), timeout, logger);
            return;
        }

        if (existing.Partitions.Count != 1)
        {
            throw new InvalidDataException(
                $"topic {topic} has {existing.Partitions.Count} partitions; the registry needs exactly 1 (ids are allocated in the order of its one log). Point --topic at another topic or recreate it with 1 partition");
        }

        var configs = admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = topic }]).WaitAsync(timeout).GetAwaiter().GetResult()[0].Entries;
        var policy = configs.TryGetValue("cleanup.policy", out var p) ? p.Value : "delete";
        var keepsForever = configs.TryGetValue("retention.ms", out var r) && r.Value == "-1" && (!configs.TryGetValue("retention.bytes", out var b) || b.Value == "-1");
        if (!policy.Contains("compact", StringComparison.Ordinal) && !keepsForever)
        {
            throw new InvalidDataException(
                $"topic {topic} has cleanup.policy={policy} and a finite retention, so Kafka would delete schemas; set cleanup.policy=compact on it (or retention.ms=-1 and retention.bytes=-1)");
        }
    }

    private static void Create(IAdminClient admin, string topic, int replicationFactor, TimeSpan timeout, ILogger logger)
    {
        var compacted = new Dictionary<string, string> { ["cleanup.policy"] = "compact" };
        try
        {
            CreateWith(admin, topic, replicationFactor, compacted, timeout);
        }
        catch (CreateTopicsException ex) when (ex.Results[0].Error.Code == (ErrorCode)InvalidConfig)
        {
            // A broker that cannot compact: keep every record instead, which replays to the same state.
            RegistryLog.NoCompaction(logger, topic, ex.Results[0].Error.Reason);
            CreateWith(admin, topic, replicationFactor, new Dictionary<string, string> { ["cleanup.policy"] = "delete", ["retention.ms"] = "-1", ["retention.bytes"] = "-1" }, timeout);
        }
    }

    private static void CreateWith(IAdminClient admin, string topic, int replicationFactor, Dictionary<string, string> configs, TimeSpan timeout)
    {
        try
        {
            admin.CreateTopicsAsync(
                    [new TopicSpecification { Name = topic, NumPartitions = 1, ReplicationFactor = (short)Math.Max(1, replicationFactor), Configs = configs }],
                    new CreateTopicsOptions { RequestTimeout = timeout })
                .WaitAsync(timeout).GetAwaiter().GetResult();
        }
        catch (CreateTopicsException ex) when (ex.Results[0].Error.Code == ErrorCode.TopicAlreadyExists)
        {
            // another registry created it first
        }
    }
}
