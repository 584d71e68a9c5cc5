using Stormline.Bench.EventStore.Model;

namespace Stormline.Bench.EventStore.Workloads;

/// <summary>Deterministic events, so every store stores the same bytes and rehydration results can be compared.</summary>
public static class EventFactory
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Deposited Event(string accountId, int index) =>
        new(accountId, index % 100 + 1, $"ref-{index:D8}", Epoch.AddSeconds(index));

    public static Deposited[] Events(string accountId, int first, int count)
    {
        var events = new Deposited[count];
        for (var i = 0; i < count; i++) events[i] = Event(accountId, first + i);
        return events;
    }

    /// <summary>The state after the stream's first <paramref name="count"/> events, computed without any store.</summary>
    public static AccountState StateAfter(string accountId, int count)
    {
        var state = Account.Initial;
        for (var i = 0; i < count; i++) state = Account.Evolve(state, Event(accountId, i));
        return state;
    }
}
