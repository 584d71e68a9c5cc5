using Confluent.SchemaRegistry;
using Stormline.Clients;
using Stormline.Model.Elements;
using Stormline.Model.Generation;
using Stormline.Ops.Collecting;

namespace Stormline.Drift;

/// <summary>
/// One drift check in three steps, so each caller can say in its own words what could not be reached: read the cluster
/// (topics, groups, a bounded sample of recent records), read the registry's subjects, then compare both with the model.
/// </summary>
public static class DriftCheck
{
    /// <summary>The cluster as the collector sees it, and the event types its partitions' latest records carry.</summary>
    /// <exception cref="Confluent.Kafka.KafkaException">The cluster cannot be read.</exception>
    public static async Task<(ClusterSnapshot Cluster, EventTypeSample Sample)> ReadClusterAsync(DriftOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var collectorOptions = new ClusterCollectorOptions { BootstrapServers = options.Bootstrap, RequestTimeout = options.Timeout };
        foreach (var (name, value) in options.Clients.Kafka)
        {
            collectorOptions.ClientConfig[name] = value;
        }

        await using var collector = new ClusterCollector(collectorOptions);
        var cluster = await collector.CollectAsync();
        var sample = EventTypeSample.Read(options.Bootstrap, options.Clients, cluster.Topics, options.SamplePerPartition, options.Timeout);
        return (cluster, sample);
    }

    /// <summary>Every registered subject with its latest version and schema text.</summary>
    public static async Task<IReadOnlyDictionary<string, (int Version, string Schema)>> ReadSubjectsAsync(ClientProperties clients, string url)
    {
        ArgumentNullException.ThrowIfNull(clients);
        using var registry = new CachedSchemaRegistryClient(clients.RegistryConfig(url));
        var subjects = new Dictionary<string, (int, string)>(StringComparer.Ordinal);
        foreach (var subject in await registry.GetAllSubjectsAsync())
        {
            var latest = await registry.GetLatestSchemaAsync(subject);
            subjects[subject] = (latest.Version, latest.SchemaString);
        }

        return subjects;
    }

    /// <summary>Why the model cannot be compared at all (two event types in one subject); null when it can.</summary>
    public static string? ModelProblem(EventModel model)
    {
        EventSchemas.From(model, SchemaFormat.Json, SubjectStrategy.TopicRecord, out var problem);
        return problem;
    }

    /// <summary>
    /// The report. The registry holds the model's events as Avro (<c>stormline up</c>'s default) or as JSON Schema, and
    /// the two name their subjects differently (record full name or title), so subjects are compared in the format the
    /// registry holds.
    /// </summary>
    public static DriftReport Compare(EventModel model, string modelPath, DriftOptions options, ClusterSnapshot cluster, EventTypeSample sample,
        IReadOnlyDictionary<string, (int Version, string Schema)>? subjects)
    {
        ArgumentNullException.ThrowIfNull(options);
        var avroSchemas = EventSchemas.From(model, SchemaFormat.Avro, SubjectStrategy.TopicRecord, out var problem);
        if (problem is not null) throw new ArgumentException(problem, nameof(model));
        var schemas = subjects is not null && avroSchemas.Any(s => subjects.ContainsKey(s.Subject))
            ? avroSchemas
            : EventSchemas.From(model, SchemaFormat.Json, SubjectStrategy.TopicRecord, out _);
        var plan = TopicPlanner.Plan(model, new TopicPlanOptions());
        return ModelDrift.Compare(modelPath, options.Bootstrap, options.RegistryUrl, plan, schemas, cluster, sample, subjects, options.IdleAfter);
    }
}
