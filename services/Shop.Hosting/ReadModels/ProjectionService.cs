using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Shop.Hosting.Messaging;
using Shop.Hosting.Storage;
using Stormline.EventSourcing.Projections;

namespace Shop.Hosting.ReadModels;

/// <summary>
/// Keeps the service's read models current from its own event log: one <see cref="ProjectionRunner"/> per projection,
/// woken by local appends and polling as a fallback. <see cref="Lag"/> says how many events a read model is behind.
/// </summary>
public sealed partial class ProjectionService(ShopStores stores, IEnumerable<IProjection> projections, AppendSignal signal, ILogger<ProjectionService> log) : BackgroundService
{
    private readonly Dictionary<string, ProjectionRunner> _runners = projections.ToDictionary(p => p.Name, p => new ProjectionRunner(stores.Events, p));

    /// <summary>Events in the log that the named read model has not applied yet.</summary>
    public Task<long> Lag(string projection, CancellationToken cancellationToken) => _runners[projection].Lag(cancellationToken);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(async () =>
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                long applied = 0;
                foreach (var runner in _runners.Values) applied += await stores.EventsGate.Run(() => runner.CatchUp(stoppingToken), stoppingToken);
                if (applied == 0) await signal.Wait(TimeSpan.FromMilliseconds(200), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                ProjectionFailed(e);
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            }
        }
    }, CancellationToken.None);

    [LoggerMessage(2, LogLevel.Warning, "Projection pass failed; retrying")]
    private partial void ProjectionFailed(Exception error);
}
