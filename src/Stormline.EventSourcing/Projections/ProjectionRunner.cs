using Stormline.EventSourcing.Sql;

namespace Stormline.EventSourcing.Projections;

/// <summary>
/// Feeds one projection from the store's global log. Each batch of events and the checkpoint after it commit in one
/// transaction, so a crash leaves read model and checkpoint at the same position and no event is applied twice.
/// Not thread-safe: run one runner per projection.
/// </summary>
public sealed class ProjectionRunner(SqlStore store, IProjection projection, int batchSize = 500)
{
    public string Name => projection.Name;

    /// <summary>Applies every event after the checkpoint, batch by batch; returns how many were applied.</summary>
    public async Task<long> CatchUp(CancellationToken cancellationToken)
    {
        var checkpoint = await store.GetCheckpoint(projection.Name, cancellationToken);
        long applied = 0;
        while (true)
        {
            var batch = await store.ReadAll(checkpoint.Next, batchSize, cancellationToken);
            if (batch.Count == 0) return applied;

            var next = new Checkpoint(projection.Name, batch[^1].GlobalPosition);
            await store.InTransaction(async (transaction, ct) =>
            {
                foreach (var e in batch)
                    await projection.Apply(e, transaction, ct);
                await store.StoreCheckpoint(next, transaction, ct);
            }, cancellationToken);

            checkpoint = next;
            applied += batch.Count;
        }
    }

    /// <summary>Empties the read model and resets the checkpoint in one transaction, then replays the log from position zero.</summary>
    public async Task<long> Rebuild(CancellationToken cancellationToken)
    {
        await store.InTransaction(async (transaction, ct) =>
        {
            await projection.Reset(transaction, ct);
            await store.StoreCheckpoint(Checkpoint.Empty(projection.Name), transaction, ct);
        }, cancellationToken);
        return await CatchUp(cancellationToken);
    }

    /// <summary>How many events in the log the projection has not applied yet (for the dashboard).</summary>
    public async Task<long> Lag(CancellationToken cancellationToken)
    {
        var checkpoint = await store.GetCheckpoint(projection.Name, cancellationToken);
        return await store.CountEventsAfter(checkpoint.Position ?? 0, cancellationToken);
    }
}
