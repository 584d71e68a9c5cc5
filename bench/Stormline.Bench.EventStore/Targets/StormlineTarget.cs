using System.Text.Json;
using Stormline.Bench.EventStore.Model;
using Stormline.EventSourcing.Domain;
using Stormline.EventSourcing.Serialization;
using Stormline.EventSourcing.Snapshots;
using Stormline.EventSourcing.Sql;
using Stormline.EventSourcing.Streams;

namespace Stormline.Bench.EventStore.Targets;

/// <summary>Stormline's store (PostgreSQL or SQLite): appends through the store, loads through <see cref="CommandHandler{TDecider, TCommand, TEvent, TState}"/>.</summary>
public sealed class StormlineTarget : IEventStoreTarget
{
    private readonly SqlStore _store;
    private readonly EventSerializer _serializer = new(new EventTypeRegistry().Register<Deposited>("Deposited"));
    private readonly CommandHandler<Account, Deposited, Deposited, AccountState> _replaying;
    private readonly CommandHandler<Account, Deposited, Deposited, AccountState> _snapshotting;

    public StormlineTarget(string name, SqlStore store)
    {
        Name = name;
        _store = store;
        _replaying = new(store, _serializer);
        _snapshotting = new(store, _serializer, store, SnapshotPolicy.EveryEvents(100));
    }

    public string Name { get; }

    public async Task Append(string accountId, int existing, IReadOnlyList<Deposited> events, CancellationToken cancellationToken)
    {
        var metadata = EventMetadata.Now();
        var data = new EventData[events.Count];
        for (var i = 0; i < data.Length; i++) data[i] = _serializer.Serialize(events[i], metadata);
        await _store.AppendToStream(Stream(accountId), ExpectedVersion.From(existing - 1), data, cancellationToken);
    }

    public Task SaveSnapshot(string accountId, int eventsCovered, AccountState state, CancellationToken cancellationToken) =>
        _store.SaveSnapshot(new Snapshot(Stream(accountId), eventsCovered - 1, _snapshotting.SnapshotPolicy.SchemaVersion,
            JsonSerializer.Serialize(state, _serializer.Options), DateTimeOffset.UtcNow), cancellationToken);

    public async Task<AccountState> Rehydrate(string accountId, bool useSnapshot, CancellationToken cancellationToken)
    {
        var loaded = await (useSnapshot ? _snapshotting : _replaying).Load(accountId, cancellationToken);
        if (useSnapshot && loaded.SnapshotVersion is null) throw new InvalidOperationException($"{Name}: the snapshot of {accountId} was not used.");
        return loaded.State;
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is IAsyncDisposable disposable) await disposable.DisposeAsync();
    }

    private static StreamName Stream(string accountId) => CommandHandler<Account, Deposited, Deposited, AccountState>.StreamFor(accountId);
}
