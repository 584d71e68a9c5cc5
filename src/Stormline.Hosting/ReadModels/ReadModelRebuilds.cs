using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stormline.EventSourcing.Projections;
using Stormline.Hosting.Messaging;
using Stormline.Hosting.Storage;

namespace Stormline.Hosting.ReadModels;

/// <summary>
/// Zero-downtime rebuilds of the service's read models. <see cref="Request"/> (any replica) creates version n+1's
/// table and marks it in the store; the replica that holds the read model's projection lease replays the log into it
/// one batch per pass of the <see cref="ProjectionService"/>, between the live runner's passes, under its own
/// checkpoint, with <see cref="ProjectionContext.IsReplay"/> set. Queries keep reading version n. Once the replay
/// has reached the live checkpoint, <see cref="ReadModelCatalog.Swap"/> makes n+1 live and drops n in one
/// transaction. Running under the projection's lease means one replica rebuilds, and the swap never races the live
/// runner of its own process.
/// </summary>
public sealed partial class ReadModelRebuilds(ServiceStore store, IEnumerable<IProjection> projections, AppendSignal signal, IOptions<HostingOptions> options,
    ILogger<ReadModelRebuilds> log)
{
    private readonly Dictionary<string, IVersionedReadModel> _models = projections.OfType<IVersionedReadModel>().ToDictionary(p => p.Name, StringComparer.Ordinal);
    private long _replayed;

    /// <summary>The read models that can be rebuilt, by name.</summary>
    public IReadOnlyCollection<string> Names => _models.Keys;

    /// <summary>Events this process replayed into rebuilt versions since it started (the other replicas' stay at 0).</summary>
    public long EventsReplayed => Interlocked.Read(ref _replayed);

    public bool Contains(string name) => _models.ContainsKey(name);

    /// <summary>Starts a rebuild; null when one of this read model already runs.</summary>
    /// <exception cref="KeyNotFoundException">No read model has that name.</exception>
    public async Task<RebuildProgress?> Request(string name, CancellationToken cancellationToken)
    {
        var model = _models[name];
        if (await store.ReadModels.StartRebuild(model.Definition, cancellationToken) is not { } version) return null;
        RebuildRequested(name, version);
        signal.Pulse(); // the projection loop may be waiting out its poll interval
        return await Progress(name, cancellationToken);
    }

    /// <exception cref="KeyNotFoundException">No read model has that name.</exception>
    public async Task<RebuildProgress> Progress(string name, CancellationToken cancellationToken)
    {
        if (!_models.ContainsKey(name)) throw new KeyNotFoundException($"There is no read model '{name}'.");
        var state = await store.ReadModels.State(name, cancellationToken);
        var head = await store.ReadModels.HeadPosition(cancellationToken);
        var live = (await store.Store.GetCheckpoint(name, cancellationToken)).Position ?? 0;
        if (state.RebuildVersion is not { } target)
            return new RebuildProgress(name, RebuildProgress.Idle, state.ActiveVersion, null, live, head, live, head == 0 ? 100 : Math.Round(100.0 * live / head, 1),
                0, null, null, state.RebuiltAt);

        var position = (await store.Store.GetCheckpoint(RebuildProjection.CheckpointId(name), cancellationToken)).Position ?? 0;
        var elapsed = state.RebuildStartedAt is { } started ? (DateTimeOffset.UtcNow - started).TotalSeconds : 0;
        var rate = elapsed > 0 ? position / elapsed : 0;
        double? eta = rate > 0 ? Math.Round(Math.Max(0, head - position) / rate, 1) : null;
        return new RebuildProgress(name, RebuildProgress.Rebuilding, state.ActiveVersion, target, position, head, live,
            head == 0 ? 100 : Math.Round(100.0 * Math.Min(position, head) / head, 1), Math.Round(rate, 1), eta, state.RebuildStartedAt, state.RebuiltAt);
    }

    /// <summary>
    /// One pass of a projection this process holds the lease of: takes up the live version (another replica may have
    /// swapped it), catches the live runner up, then replays one batch of a running rebuild and swaps once the replay
    /// has caught up. Returns the events applied by both, and whether a rebuild runs.
    /// </summary>
    internal async Task<(long Applied, bool Rebuilding)> Pass(string name, ProjectionRunner live, CancellationToken cancellationToken)
    {
        if (!_models.TryGetValue(name, out var model)) return (await live.CatchUp(cancellationToken), false);

        // A read model whose table the service did not create at start-up gets its live version's table here.
        if (!store.ReadModels.Knows(name)) await store.ReadModels.Create(model.Definition, cancellationToken);
        var state = await store.ReadModels.State(name, cancellationToken);
        var liveTable = model.Definition.At(state.ActiveVersion);
        if (store.ReadModels.Live(model.Definition).Version != liveTable.Version) store.ReadModels.Activate(liveTable);
        var applied = await live.CatchUp(cancellationToken);
        if (state.RebuildVersion is not { } version) return (applied, false);

        var target = model.Definition.At(version);
        var batch = Math.Max(1, options.Value.RebuildBatchSize);
        var replayed = await new ProjectionRunner(store.Store, new RebuildProjection(model, target), batch).CatchUp(batch, cancellationToken);
        Interlocked.Add(ref _replayed, replayed);
        if (replayed >= batch) return (applied + replayed, true);

        // The replay reached the end of the log: swap once it is not behind the live version.
        var liveCheckpoint = await store.Store.GetCheckpoint(name, cancellationToken);
        var rebuilt = await store.Store.GetCheckpoint(RebuildProjection.CheckpointId(name), cancellationToken);
        if ((rebuilt.Position ?? 0) < (liveCheckpoint.Position ?? 0)) return (applied + replayed, true);
        if (!await store.ReadModels.Swap(liveTable, target, liveCheckpoint, rebuilt, cancellationToken)) return (applied + replayed, true);
        Swapped(name, version, liveTable.Version, rebuilt.Position ?? 0);
        return (applied + replayed, false);
    }

    [LoggerMessage(10, LogLevel.Information, "Rebuild of read model {ReadModel} requested: version {Version} replays the log beside the live one")]
    private partial void RebuildRequested(string readModel, int version);

    [LoggerMessage(11, LogLevel.Information, "Read model {ReadModel} version {Version} is live at position {Position}; version {Old} dropped")]
    private partial void Swapped(string readModel, int version, int old, long position);
}
