using JasperFx;
using JasperFx.Events;
using Marten;
using Stormline.Bench.EventStore.Model;

namespace Stormline.Bench.EventStore.Targets;

/// <summary>
/// Marten's event store on the same server, configured for speed as its documentation advises: string stream keys
/// (like ours), the Quick append mode (one server function call per stream, no extra round trip for versions),
/// lightweight sessions. Snapshots are Marten documents of the aggregate, loaded with the events after them folded on top.
/// </summary>
public sealed class MartenTarget : IEventStoreTarget
{
    private readonly DocumentStore _store;

    private MartenTarget(DocumentStore store) => _store = store;

    public string Name => "Marten";

    public static async Task<MartenTarget> Open(string connectionString, CancellationToken cancellationToken)
    {
        var store = DocumentStore.For(options =>
        {
            options.Connection(connectionString);
            options.AutoCreateSchemaObjects = AutoCreate.All;
            options.Events.StreamIdentity = StreamIdentity.AsString;
            options.Events.AppendMode = EventAppendMode.Quick;
            options.Events.AddEventType<Deposited>();
            options.Schema.For<MartenAccount>().Identity(a => a.Id);
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return new MartenTarget(store);
    }

    public async Task Append(string accountId, int existing, IReadOnlyList<Deposited> events, CancellationToken cancellationToken)
    {
        await using var session = _store.LightweightSession();
        var key = Key(accountId);
        var objects = new object[events.Count];
        for (var i = 0; i < objects.Length; i++) objects[i] = events[i];
        if (existing == 0) session.Events.StartStream<MartenAccount>(key, objects);
        else session.Events.Append(key, existing + events.Count, objects);
        await session.SaveChangesAsync(cancellationToken);
    }

    public async Task SaveSnapshot(string accountId, int eventsCovered, AccountState state, CancellationToken cancellationToken)
    {
        await using var session = _store.LightweightSession();
        session.Store(new MartenAccount { Id = Key(accountId), Balance = state.Balance, Deposits = state.Deposits, LastReference = state.LastReference });
        await session.SaveChangesAsync(cancellationToken);
    }

    public async Task<AccountState> Rehydrate(string accountId, bool useSnapshot, CancellationToken cancellationToken)
    {
        await using var session = _store.QuerySession();
        var key = Key(accountId);
        MartenAccount? aggregate;
        if (useSnapshot)
        {
            var snapshot = await session.LoadAsync<MartenAccount>(key, cancellationToken)
                ?? throw new InvalidOperationException($"Marten: no snapshot of {key}.");
            aggregate = await session.Events.AggregateStreamAsync(key, state: snapshot, fromVersion: snapshot.Deposits + 1, token: cancellationToken);
        }
        else
        {
            aggregate = await session.Events.AggregateStreamAsync<MartenAccount>(key, token: cancellationToken);
        }
        if (aggregate is null) throw new InvalidOperationException($"Marten: stream {key} not found.");
        return new AccountState(aggregate.Balance, aggregate.Deposits, aggregate.LastReference);
    }

    public ValueTask DisposeAsync()
    {
        _store.Dispose();
        return ValueTask.CompletedTask;
    }

    // The same stream name as Stormline's ("Account-<id>"), so both index keys of the same length.
    private static string Key(string accountId) => "Account-" + accountId;
}
