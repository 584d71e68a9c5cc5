using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Stormline.Clients;
using Stormline.Drift;
using Stormline.OpsConsole.Api;

namespace Stormline.OpsConsole.Model;

/// <summary>
/// The drift page's report: the same check as <c>stormline model drift</c> (<see cref="DriftCheck"/>) against the
/// console's cluster, registry and model. A check reads a sample from every partition, so one runs at a time and its
/// report is kept for a few seconds: reloading the page does not read the cluster again.
/// </summary>
internal sealed class ModelDriftView(ConsoleOptions options, ConsoleModel file)
{
    private static readonly TimeSpan Kept = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim _one = new(1, 1);
    private (DateTimeOffset At, TimeSpan IdleAfter, DriftReport Report)? _last;

    public async Task<DriftReport> ReportAsync(TimeSpan idleAfter, CancellationToken cancellationToken)
    {
        var model = file.Model;
        if (DriftCheck.ModelProblem(model) is { } problem)
        {
            throw new ConsoleProblem(422, "The model cannot be compared", problem);
        }

        await _one.WaitAsync(cancellationToken);
        try
        {
            if (_last is { } last && last.IdleAfter == idleAfter && DateTimeOffset.UtcNow - last.At < Kept)
            {
                return last.Report;
            }

            var drift = new DriftOptions { Bootstrap = options.BootstrapServers, RegistryUrl = options.SchemaRegistryUrl, Clients = options.Clients, IdleAfter = idleAfter };
            var (cluster, sample) = await ReadCluster(drift);
            var subjects = drift.RegistryUrl is { } url ? await ReadSubjects(options.Clients, url) : null;
            var report = DriftCheck.Compare(model, file.Path, drift, cluster, sample, subjects);
            _last = (DateTimeOffset.UtcNow, idleAfter, report);
            return report;
        }
        finally
        {
            _one.Release();
        }
    }

    private static async Task<(Ops.Collecting.ClusterSnapshot, EventTypeSample)> ReadCluster(DriftOptions drift)
    {
        try
        {
            return await DriftCheck.ReadClusterAsync(drift);
        }
        catch (KafkaException ex)
        {
            throw new ConsoleProblem(502, "Cluster unreachable", $"The cluster at {drift.Bootstrap} could not be read ({ex.Error.Reason}).");
        }
    }

    private static async Task<IReadOnlyDictionary<string, (int Version, string Schema)>> ReadSubjects(ClientProperties clients, string url)
    {
        try
        {
            return await DriftCheck.ReadSubjectsAsync(clients, url);
        }
        catch (Exception ex) when (ex is HttpRequestException or SchemaRegistryException or TaskCanceledException)
        {
            throw new ConsoleProblem(502, "Registry unreachable", $"The schema registry at {url} could not be read ({ex.Message}).");
        }
    }
}
