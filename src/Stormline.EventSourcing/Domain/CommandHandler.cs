using System.Data.Common;
using System.Text.Json;
using Stormline.EventSourcing.Serialization;
using Stormline.EventSourcing.Snapshots;
using Stormline.EventSourcing.Sql;
using Stormline.EventSourcing.Store;
using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Domain;

/// <summary>
/// Runs a decider against the store: load (latest usable snapshot + later events), decide, append with the loaded
/// version as the expected version, and on a concurrency conflict reload and decide again, up to
/// <see cref="MaxAttempts"/> times. Thread-safe; holds no per-aggregate state.
/// </summary>
public sealed class CommandHandler<TDecider, TCommand, TEvent, TState>(
    IEventStore store,
    EventSerializer serializer,
    ISnapshotStore? snapshots = null,
    SnapshotPolicy? snapshotPolicy = null)
    where TDecider : IDecider<TCommand, TEvent, TState>
    where TEvent : notnull
{
    private const int PageSize = 500;

    private StateCache<TState>? _stateCache;

    public int MaxAttempts { get; init; } = 5;

    /// <summary>How many aggregates' last committed states are kept between commands in a transaction (0 turns the cache off).</summary>
    public int StateCacheCapacity { get; init; } = 10_000;

    private StateCache<TState> States => LazyInitializer.EnsureInitialized(ref _stateCache, () => new StateCache<TState>(StateCacheCapacity));

    public SnapshotPolicy SnapshotPolicy { get; } = snapshots is null ? SnapshotPolicy.None : snapshotPolicy ?? SnapshotPolicy.None;

    public static StreamName StreamFor(string id) => StreamName.For<TDecider>(id);

    /// <exception cref="CommandRejectedException">The decider refused the command; nothing was appended.</exception>
    /// <exception cref="WrongExpectedVersionException">Every attempt lost a concurrency race.</exception>
    public async Task<CommandResult<TEvent, TState>> Handle(string id, TCommand command, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var stream = StreamFor(id);
        for (var attempt = 1; ; attempt++)
        {
            var loaded = await Load(id, cancellationToken);
            var events = TDecider.Decide(command, loaded.State);
            if (events.Count == 0) return new CommandResult<TEvent, TState>(events, loaded.State, loaded.Version, -1, attempt);

            var data = events.Select(e => serializer.Serialize(e, EventMetadata.Now(context.CorrelationId, context.CausationId))).ToList();
            AppendResult appended;
            try
            {
                appended = await store.AppendToStream(stream, ExpectedVersion.From(loaded.Version), data, cancellationToken);
            }
            catch (WrongExpectedVersionException) when (attempt < MaxAttempts)
            {
                continue; // someone else appended since we loaded: decide again on the newer state
            }

            var state = events.Aggregate(loaded.State, TDecider.Evolve);
            States.Put(stream, state, appended.LastVersion); // committed: the append returned
            if (SnapshotPolicy.ShouldTake(loaded.Version, appended.LastVersion))
                await TrySnapshot(stream, state, appended.LastVersion, cancellationToken);
            return new CommandResult<TEvent, TState>(events, state, appended.LastVersion, appended.LastPosition, attempt);
        }
    }

    /// <summary>
    /// Handles the command inside the caller's unit of work: the stream is locked for the rest of the transaction,
    /// loaded as the transaction sees it (earlier commands of the same batch included), and the events, their outbox
    /// rows and any snapshot commit with everything else the transaction does. No retry: under the lock no one else
    /// can append to the stream.
    /// </summary>
    /// <exception cref="CommandRejectedException">The decider refused the command; nothing was appended.</exception>
    public async Task<CommandResult<TEvent, TState>> Handle(string id, TCommand command, CommandContext context, DbTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(transaction);
        var writer = store as SqlStore ?? throw new InvalidOperationException($"Handling a command in a transaction needs a {nameof(SqlStore)}; this handler has a {store.GetType().Name}.");
        var stream = StreamFor(id);
        var locked = await writer.LockStream(transaction, stream, cancellationToken);
        var loaded = locked < 0
            ? new LoadedState<TState>(TDecider.Initial, -1, null, 0) // a new stream: nothing to read
            : States.TryGet(stream, locked, out var cached)
                ? new LoadedState<TState>(cached, locked, null, 0)
                : await Load(id, page => writer.ReadStream(stream, page, PageSize, transaction, cancellationToken), cancellationToken);
        var events = TDecider.Decide(command, loaded.State);
        if (events.Count == 0) return new CommandResult<TEvent, TState>(events, loaded.State, loaded.Version, -1, 1);

        var data = events.Select(e => serializer.Serialize(e, EventMetadata.Now(context.CorrelationId, context.CausationId))).ToList();
        var appended = await writer.AppendToLockedStream(stream, locked, data, transaction, cancellationToken);
        var state = events.Aggregate(loaded.State, TDecider.Evolve);
        StoreTransaction.AfterCommit(transaction, () => States.Put(stream, state, appended.LastVersion));
        if (SnapshotPolicy.ShouldTake(loaded.Version, appended.LastVersion) && snapshots is SqlStore snapshotStore)
            await snapshotStore.SaveSnapshot(TakeSnapshot(stream, state, appended.LastVersion), transaction, cancellationToken);
        return new CommandResult<TEvent, TState>(events, state, appended.LastVersion, appended.LastPosition, 1);
    }

    /// <summary>Rebuilds the aggregate's state: the latest snapshot of the current schema version, then the events after it.</summary>
    public Task<LoadedState<TState>> Load(string id, CancellationToken cancellationToken)
    {
        var stream = StreamFor(id);
        return Load(id, from => store.ReadStream(stream, from, PageSize, cancellationToken), cancellationToken);
    }

    private async Task<LoadedState<TState>> Load(string id, Func<long, Task<IReadOnlyList<StreamEvent>>> readPage, CancellationToken cancellationToken)
    {
        var stream = StreamFor(id);
        var state = TDecider.Initial;
        var version = -1L;
        long? snapshotVersion = null;

        if (SnapshotPolicy.IsEnabled && snapshots is not null
            && await snapshots.LoadSnapshot(stream, cancellationToken) is { } snapshot
            && snapshot.SchemaVersion == SnapshotPolicy.SchemaVersion // an older shape is not trusted: replay instead
            && TryReadSnapshot(snapshot.Data, out var snapshotState)) // nor is one that no longer reads
        {
            state = snapshotState;
            version = snapshot.Version;
            snapshotVersion = snapshot.Version;
        }

        var replayed = 0;
        while (true)
        {
            var page = await readPage(version + 1);
            foreach (var stored in page)
            {
                state = TDecider.Evolve(state, serializer.Deserialize(stored) is TEvent e ? e
                    : throw new EventDeserializationException(stored.Type, stored.GlobalPosition,
                        new InvalidCastException($"'{stored.Type}' is not an event of {typeof(TDecider).Name} ({typeof(TEvent).Name}).")));
                version = stored.StreamVersion;
                replayed++;
            }
            if (page.Count < PageSize) break;
        }

        return new LoadedState<TState>(state, version, snapshotVersion, replayed);
    }

    private bool TryReadSnapshot(string data, out TState state)
    {
        try
        {
            state = JsonSerializer.Deserialize<TState>(data, serializer.Options)!;
            return state is not null;
        }
        catch (JsonException)
        {
            state = default!;
            return false;
        }
    }

    private Snapshot TakeSnapshot(StreamName stream, TState state, long version) =>
        new(stream, version, SnapshotPolicy.SchemaVersion, JsonSerializer.Serialize(state, serializer.Options), DateTimeOffset.UtcNow);

    private async Task TrySnapshot(StreamName stream, TState state, long version, CancellationToken cancellationToken)
    {
        try
        {
            await snapshots!.SaveSnapshot(TakeSnapshot(stream, state, version), cancellationToken);
        }
        catch (DbException)
        {
            // The events are committed; a missing snapshot only makes the next load replay more. Failing the command
            // here would invite the caller to retry a command that already succeeded.
        }
    }
}
