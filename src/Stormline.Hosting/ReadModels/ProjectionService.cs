using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stormline.EventSourcing.Projections;
using Stormline.Hosting.Health;
using Stormline.Hosting.Messaging;
using Stormline.Hosting.Storage;

namespace Stormline.Hosting.ReadModels;

/// <summary>
/// Keeps the service's read models current from its own event log: one <see cref="ProjectionRunner"/> per projection,
/// woken by local appends, polling as a fallback. With replicas on one database, each projection runs where its lease
/// is held ("projection:&lt;name&gt;"); the runner's checkpoint compare-and-set fences a replica that lost its lease
/// mid-batch, so no event is applied twice. <see cref="Lag"/> says how many events a read model is behind.
/// </summary>
public sealed partial class ProjectionService(ServiceStore store, IEnumerable<IProjection> projections, AppendSignal signal, IOptions<KafkaOptions> kafka,
    ReadModelRebuilds rebuilds, IOptions<HostingOptions> hosting, ILogger<ProjectionService> log) : BackgroundService
{
    private readonly Dictionary<string, ProjectionRunner> _runners = projections.ToDictionary(p => p.Name, p => new ProjectionRunner(store.Store, p));
    private readonly LeaseKeeper _leases = new(store);
    private readonly FailureWindow _failures = new();

    /// <summary>Events in the log that the named read model has not applied yet.</summary>
    public Task<long> Lag(string projection, CancellationToken cancellationToken) => _runners[projection].Lag(cancellationToken);

    /// <summary>Why projections have been failing, when they have for longer than <paramref name="threshold"/>; null when healthy.</summary>
    public string? Stuck(TimeSpan threshold) => _failures.Stuck("projections", threshold);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(async () =>
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                long applied = 0;
                var rebuilding = false;
                foreach (var (name, runner) in _runners)
                {
                    if (!await _leases.Holds(LeaseName(name), stoppingToken)) continue;
                    var pass = await rebuilds.Pass(name, runner, stoppingToken);
                    applied += pass.Applied;
                    rebuilding |= pass.Rebuilding;
                }
                _failures.Succeeded();
                if (applied == 0) await signal.Wait(kafka.Value.PollInterval(store.Shared), stoppingToken);
                else if (rebuilding && hosting.Value.RebuildPause > TimeSpan.Zero) await signal.Wait(hosting.Value.RebuildPause, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _failures.Failed(e);
                ProjectionFailed(e);
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            }
        }

        await _leases.ReleaseAll();
    }, CancellationToken.None);

    private static string LeaseName(string projection) => "projection:" + projection;

    [LoggerMessage(2, LogLevel.Warning, "Projection pass failed; retrying")]
    private partial void ProjectionFailed(Exception error);
}
