using System.Data.Common;
using System.Text.Json;
using Stormline.EventSourcing.Sql;

namespace Stormline.EventSourcing.Sagas;

/// <summary>
/// Runs one saga type against a <see cref="SqlStore"/>: each event or fired deadline loads the instance's state,
/// applies the pure step, and saves state, deadlines and the sent commands in one transaction (a version check makes
/// concurrent runners retry rather than overwrite). <paramref name="send"/> writes commands in that same transaction,
/// e.g. into an outbox, so a crash never loses or half-applies a step. Thread-safe.
/// </summary>
public sealed class SagaRunner<TSaga, TState>(SqlStore store, Func<object, DbTransaction, CancellationToken, Task> send, JsonSerializerOptions? json = null)
    where TSaga : IProcessManager<TState>
{
    private readonly JsonSerializerOptions _json = json ?? new JsonSerializerOptions(JsonSerializerDefaults.Web);
    private readonly string _insert = "INSERT INTO sagas (saga_type, correlation_id, state, version, completed_at) " +
        $"VALUES (@type, @id, {store.Dialect.Json("@state")}, 1, @completed) ON CONFLICT DO NOTHING";
    private readonly string _update = $"UPDATE sagas SET state = {store.Dialect.Json("@state")}, version = version + 1, completed_at = @completed " +
        "WHERE saga_type = @type AND correlation_id = @id AND version = @version";

    public int MaxAttempts { get; init; } = 5;

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Feeds an event to the instance it correlates with; false when the saga ignores it or has completed.</summary>
    public Task<bool> Handle(object @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var id = TSaga.CorrelationOf(@event);
        if (id is null) return Task.FromResult(false);
        var now = Clock.GetUtcNow();
        return WithRetries(() => store.InTransaction((tx, ct) => Step(tx, id, state => TSaga.Handle(state, @event, now), ct), cancellationToken));
    }

    /// <summary>
    /// Feeds an event inside the caller's unit of work (a consumer batch, a log feed's batch): the step, its deadlines
    /// and the commands it sends commit with everything else there. A concurrency conflict throws
    /// <see cref="SagaConcurrencyException"/>, and the caller retries its whole transaction.
    /// </summary>
    public Task<bool> Handle(object @event, DbTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var id = TSaga.CorrelationOf(@event);
        if (id is null) return Task.FromResult(false);
        var now = Clock.GetUtcNow();
        return Step(transaction, id, state => TSaga.Handle(state, @event, now), cancellationToken);
    }

    /// <summary>Fires every deadline due by now, each once (its row is deleted in the step's transaction); returns how many fired.</summary>
    public async Task<int> FireDueDeadlines(CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        var due = await store.InTransaction(async (tx, ct) =>
        {
            // read-only: no append-order lock needed
            await using var query = SqlStore.Command(tx, "SELECT correlation_id, name FROM saga_deadlines WHERE saga_type = @type AND due_at_ms <= @now ORDER BY due_at_ms LIMIT 100",
                ("@type", TSaga.Name), ("@now", now.ToUnixTimeMilliseconds()));
            var rows = new List<(string Id, string Name)>();
            await using var reader = await query.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) rows.Add((reader.GetString(0), reader.GetString(1)));
            return rows;
        }, cancellationToken);

        var fired = 0;
        foreach (var (id, name) in due)
        {
            var ran = await WithRetries(() => store.InTransaction(async (tx, ct) =>
            {
                await using var take = SqlStore.Command(tx, "DELETE FROM saga_deadlines WHERE saga_type = @type AND correlation_id = @id AND name = @name AND due_at_ms <= @now",
                    ("@type", TSaga.Name), ("@id", id), ("@name", name), ("@now", now.ToUnixTimeMilliseconds()));
                if (await take.ExecuteNonQueryAsync(ct) == 0) return false; // fired elsewhere, cancelled or moved meanwhile
                return await Step(tx, id, state => TSaga.OnDeadline(state, name, now), ct);
            }, cancellationToken));
            if (ran) fired++;
        }
        return fired;
    }

    /// <summary>The instance's current state and whether it completed; the initial state when it does not exist yet.</summary>
    public Task<(TState State, bool Completed)> Load(string correlationId, CancellationToken cancellationToken) =>
        store.InTransaction(async (tx, ct) =>
        {
            var (state, _, completed) = await Read(tx, correlationId, ct);
            return (state, completed);
        }, cancellationToken);

    private async Task<bool> Step(DbTransaction tx, string id, Func<TState, SagaStep<TState>> decide, CancellationToken ct)
    {
        var (state, version, completed) = await Read(tx, id, ct);
        if (completed) return false;

        var step = decide(state);
        var data = JsonSerializer.Serialize(step.State, _json);
        object? completedAt = step.Completed ? Clock.GetUtcNow() : null;
        await using (var save = version == 0
            ? SqlStore.Command(tx, _insert, ("@type", TSaga.Name), ("@id", id), ("@state", data), ("@completed", completedAt))
            : SqlStore.Command(tx, _update, ("@type", TSaga.Name), ("@id", id), ("@state", data), ("@completed", completedAt), ("@version", version)))
        {
            if (await save.ExecuteNonQueryAsync(ct) == 0) throw new SagaConcurrencyException(TSaga.Name, id);
        }

        if (step.Completed)
            await using (var dropAll = SqlStore.Command(tx, "DELETE FROM saga_deadlines WHERE saga_type = @type AND correlation_id = @id", ("@type", TSaga.Name), ("@id", id)))
                await dropAll.ExecuteNonQueryAsync(ct);
        else
            foreach (var name in step.Cancel)
                await using (var drop = SqlStore.Command(tx, "DELETE FROM saga_deadlines WHERE saga_type = @type AND correlation_id = @id AND name = @name",
                    ("@type", TSaga.Name), ("@id", id), ("@name", name)))
                    await drop.ExecuteNonQueryAsync(ct);

        if (!step.Completed)
            foreach (var deadline in step.Schedule)
                await using (var schedule = SqlStore.Command(tx,
                    "INSERT INTO saga_deadlines (saga_type, correlation_id, name, due_at_ms) VALUES (@type, @id, @name, @due) " +
                    "ON CONFLICT (saga_type, correlation_id, name) DO UPDATE SET due_at_ms = excluded.due_at_ms",
                    ("@type", TSaga.Name), ("@id", id), ("@name", deadline.Name), ("@due", deadline.DueAt.ToUnixTimeMilliseconds())))
                    await schedule.ExecuteNonQueryAsync(ct);

        foreach (var command in step.Commands)
            await send(command, tx, ct);
        return true;
    }

    private async Task<(TState State, long Version, bool Completed)> Read(DbTransaction tx, string id, CancellationToken ct)
    {
        await using var query = SqlStore.Command(tx, "SELECT state, version, completed_at FROM sagas WHERE saga_type = @type AND correlation_id = @id",
            ("@type", TSaga.Name), ("@id", id));
        await using var reader = await query.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return (TSaga.Initial, 0, false);
        var state = JsonSerializer.Deserialize<TState>(reader.GetString(0), _json)
            ?? throw new InvalidDataException($"Saga '{TSaga.Name}' instance '{id}' has JSON null state.");
        return (state, reader.GetInt64(1), !await reader.IsDBNullAsync(2, ct));
    }

    private async Task<bool> WithRetries(Func<Task<bool>> attempt)
    {
        for (var i = 1; ; i++)
        {
            try
            {
                return await attempt();
            }
            catch (SagaConcurrencyException) when (i < MaxAttempts)
            {
                // another runner stepped this instance first: step again on its result
            }
            catch (DbException e) when (e.IsTransient && i < MaxAttempts)
            {
                // the database gave up this transaction (a PostgreSQL deadlock victim, a busy SQLite file): it wrote
                // nothing, so step again on the state as it is now
            }
        }
    }
}
