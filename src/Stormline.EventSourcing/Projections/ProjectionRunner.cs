using Stormline.EventSourcing.Sql;

namespace Stormline.EventSourcing.Projections;

/// <summary>
/// Feeds one projection from the store's global log. Each batch of events and the checkpoint after it commit in one
/// transaction, so a crash leaves read model and checkpoint at the same position. The checkpoint moves by
/// compare-and-set: when two runners race (two replicas during a lease handover), the loser rolls its batch back, so
/// no event is applied twice and the checkpoint never moves back. One runner per projection and process. A projection
/// that can prepare its batch (<see cref="IProjection.Prepare"/>) does so before the transaction, which then only writes.
/// </summary>
public sealed class ProjectionRunner(SqlStore store, IProjection projection, int batchSize = 500)
{
    public string Name => projection.Name;

    /// <summary>Applies every event after the checkpoint, batch by batch; returns how many were applied.</summary>
    public Task<long> CatchUp(CancellationToken cancellationToken) => CatchUp(long.MaxValue, cancellationToken);

    /// <summary>
    /// Applies events after the checkpoint, batch by batch, until the log ends or at least <paramref name="limit"/>
    /// were applied (a rebuild's slice, so the live runner beside it is not held up); returns how many were applied.
    /// </summary>
    public async Task<long> CatchUp(long limit, CancellationToken cancellationToken)
    {
        var checkpoint = await store.GetCheckpoint(projection.Name, cancellationToken);
        long applied = 0;
        while (applied < limit)
        {
            var batch = await store.ReadAll(checkpoint.Next, batchSize, cancellationToken);
            if (batch.Count == 0) return applied;

            var next = new Checkpoint(projection.Name, batch[^1].GlobalPosition);
            if (!await TryApply(checkpoint, next, batch, cancellationToken))
            {
                // Another runner got there first: its batch stands, ours was rolled back; go on from where it left off.
                checkpoint = await store.GetCheckpoint(projection.Name, cancellationToken);
                continue;
            }

            checkpoint = next;
            applied += batch.Count;
        }
        return applied;
    }

    private async Task<bool> TryApply(Checkpoint checkpoint, Checkpoint next, IReadOnlyList<Streams.StreamEvent> batch, CancellationToken cancellationToken)
    {
        try
        {
            // Prepared before the checkpoint is checked in the transaction below, so what it read cannot be stale.
            var prepared = await projection.Prepare(batch, cancellationToken);
            await using var unit = await store.BeginTransaction(Store.WritePriorities.ForReader(batch.Count, batchSize), cancellationToken);
            if (prepared is null) await projection.ApplyBatch(batch, unit.Transaction, cancellationToken);
            else await prepared(unit.Transaction, cancellationToken);
            if (!await store.TryAdvanceCheckpoint(checkpoint, next, unit.Transaction, cancellationToken)) return false;
            await unit.Commit(cancellationToken);
            return true;
        }
        catch (System.Data.Common.DbException)
        {
            // A concurrent runner's rows may have clashed with ours (a duplicate key) before the checkpoint could tell us.
            if (await Moved(checkpoint, cancellationToken)) return false;
            throw;
        }
    }

    private async Task<bool> Moved(Checkpoint from, CancellationToken cancellationToken) =>
        (await store.GetCheckpoint(projection.Name, cancellationToken)).Position != from.Position;

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
    public Task<long> Lag(CancellationToken cancellationToken) => store.CountEventsAfterCheckpoint(projection.Name, cancellationToken);
}
