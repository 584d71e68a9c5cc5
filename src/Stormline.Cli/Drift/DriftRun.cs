using System.Net.Http;
using System.Text.Json;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Stormline.Drift;
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

    public static async Task<int> RunAsync(EventModel model, string modelPath, DriftOptions options, bool json, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (DriftCheck.ModelProblem(model) is { } problem)
        {
            error.WriteLine($"stormline model drift: {problem}");
            return BadUsage;
        }

        ClusterSnapshot cluster;
        EventTypeSample sample;
        try
        {
            (cluster, sample) = await DriftCheck.ReadClusterAsync(options);
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

        IReadOnlyDictionary<string, (int Version, string Schema)>? subjects = null;
        if (options.RegistryUrl is { } url)
        {
            try
            {
                subjects = await DriftCheck.ReadSubjectsAsync(options.Clients, url);
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

        var report = DriftCheck.Compare(model, modelPath, options, cluster, sample, subjects);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(report, Json));
        }
        else
        {
            DriftTable.Print(report, options, output);
        }

        return report.HasDrift ? Drifted : Clean;
    }
}
