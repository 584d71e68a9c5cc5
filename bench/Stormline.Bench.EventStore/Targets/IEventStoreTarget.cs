using Stormline.Bench.EventStore.Model;

namespace Stormline.Bench.EventStore.Targets;

/// <summary>One event store under test, driven the way an application drives it.</summary>
public interface IEventStoreTarget : IAsyncDisposable
{
    string Name { get; }

    /// <summary>
    /// Appends <paramref name="events"/> to the account's stream in one transaction, expecting it to hold exactly
    /// <paramref name="existing"/> events (optimistic concurrency, as a command handler appends).
    /// </summary>
    Task Append(string accountId, int existing, IReadOnlyList<Deposited> events, CancellationToken cancellationToken);

    /// <summary>Stores the state after the stream's first <paramref name="eventsCovered"/> events as its snapshot.</summary>
    Task SaveSnapshot(string accountId, int eventsCovered, AccountState state, CancellationToken cancellationToken);

    /// <summary>Rebuilds the aggregate: from its first event, or from the snapshot plus the events after it.</summary>
    Task<AccountState> Rehydrate(string accountId, bool useSnapshot, CancellationToken cancellationToken);
}
