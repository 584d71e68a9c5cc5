using System.Net.Http;
using System.Text.Json;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Stormline.Cli.Schemas;
using Stormline.Clients;
using Stormline.Model.Elements;
using Stormline.Model.Generation;
using Stormline.Ops.Collecting;

namespace Stormline.Cli.Drift;

/// <summary>
/// <c>stormline model drift</c> without the command line: reads the cluster (topics, groups, a bounded sample of
/// recent records) and the registry, compares them with the model and prints the report. Returns the exit code.
/// </summary>
public static class DriftRun
{
    public const int Clean = 0;
    public const int Drifted = 1;
    public const int BadUsage = 2;
    public const int Unreachable = 3;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static async Task<int> RunAsync(EventModel model, string modelPath, DriftOptions options, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(options);
        var jsonSchemas = EventSchemas.From(model, SchemaFormat.Json, SubjectStrategy.TopicRecord, out var problem);
        if (problem is not null)
        {
            error.WriteLine($"stormline model drift: {problem}");
            return BadUsage;
        }

        var collectorOptions = new ClusterCollectorOptions { BootstrapServers = options.Bootstrap, RequestTimeout = options.Timeout };
        foreach (var (name, value) in options.Clients.Kafka)
        {
            collectorOptions.ClientConfig[name] = value;
        }

        ClusterSnapshot cluster;
        EventTypeSample sample;
        try
        {
            await using var collector = new ClusterCollector(collectorOptions);
            cluster = await collector.CollectAsync();
            sample = EventTypeSample.Read(options.Bootstrap, options.Clients, cluster.Topics, options.SamplePerPartition, options.Timeout);
        }
        catch (Exception ex) when (RefusedSetting.Is(ex))
        {
            error.WriteLine($"stormline model drift: {RefusedSetting.Describe(ex)}");
            return BadUsage;
        }
        catch (KafkaException ex)
        {
            error.WriteLine($"stormline model drift: cannot read the cluster at {options.Bootstrap} within {options.Timeout.TotalSeconds:0} s ({ex.Error.Reason}); "
                + "check --bootstrap HOST:PORT, that a broker runs there, and the client settings (--kafka-config, --kafka-config-file)");
            return Unreachable;
        }

        IReadOnlyDictionary<string, (int, string)>? subjects = null;
        if (options.RegistryUrl is { } url)
        {
            try
            {
                subjects = await ReadSubjectsAsync(options.Clients.RegistryConfig(url));
            }
            catch (Exception ex) when (ex is HttpRequestException or SchemaRegistryException or TaskCanceledException)
            {
                var hint = ex switch
                {
                    SchemaRegistryException { Status: System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden } =>
                        "pass credentials with --registry-user-info USER:PASSWORD (a read-only user is enough)",
                    // Confluent's client rethrows a failed handshake as a new HttpRequestException, keeping only .NET's message.
                    HttpRequestException http when http.InnerException is System.Security.Authentication.AuthenticationException
                        || http.Message.Contains("SSL connection could not be established", StringComparison.Ordinal) =>
                        "its certificate is not trusted: pass --registry-ca with the PEM of the CA that signed it",
                    _ => "check --registry URL and that the registry runs there",
                };
                error.WriteLine($"stormline model drift: cannot read the registry at {url} ({ex.Message}); {hint}");
                return Unreachable;
            }
        }

        // The registry holds the model's events as Avro (stormline up's default) or as JSON Schema; the two name their
        // subjects differently (record full name or title), so compare against the format the registry holds.
        var avroSchemas = EventSchemas.From(model, SchemaFormat.Avro, SubjectStrategy.TopicRecord, out _);
        var schemas = subjects is not null && avroSchemas.Any(s => subjects.ContainsKey(s.Subject)) ? avroSchemas : jsonSchemas;
        var plan = TopicPlanner.Plan(model, new TopicPlanOptions());
        var report = ModelDrift.Compare(modelPath, options.Bootstrap, options.RegistryUrl, plan, schemas, cluster, sample, subjects, options.IdleAfter);
        if (options.Json)
        {
            output.WriteLine(JsonSerializer.Serialize(report, Json));
        }
        else
        {
            DriftTable.Print(report, options, output);
        }

        return report.HasDrift ? Drifted : Clean;
    }

    private static async Task<Dictionary<string, (int, string)>> ReadSubjectsAsync(IEnumerable<KeyValuePair<string, string>> config)
    {
        using var registry = new CachedSchemaRegistryClient(config);
        var subjects = new Dictionary<string, (int, string)>(StringComparer.Ordinal);
        foreach (var subject in await registry.GetAllSubjectsAsync())
        {
            var latest = await registry.GetLatestSchemaAsync(subject);
            subjects[subject] = (latest.Version, latest.SchemaString);
        }

        return subjects;
    }
}
