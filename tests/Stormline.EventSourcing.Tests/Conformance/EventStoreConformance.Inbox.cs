using Stormline.EventSourcing.Tests.Fixtures;

namespace Stormline.EventSourcing.Tests.Conformance;

public abstract partial class EventStoreConformance
{
    private const string CreateEffects = "CREATE TABLE IF NOT EXISTS test_effects (id INTEGER PRIMARY KEY, note TEXT NOT NULL)";

    private async Task<long> CountEffects()
    {
        return await Store.InTransaction(async (tx, ct) =>
        {
            await using var command = SqlStoreCommands.Create(tx, "SELECT COUNT(*) FROM test_effects");
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }, Ct);
    }

    private Task AddEffect(System.Data.Common.DbTransaction tx, int id, CancellationToken ct) =>
        SqlStoreCommands.Execute(tx, $"INSERT INTO test_effects (id, note) VALUES ({id}, 'paid')", ct);

    [Fact]
    public async Task A_batch_of_inbox_marks_returns_exactly_the_events_not_recorded_before()
    {
        var earlier = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToArray();
        await Store.InTransaction(async (tx, ct) =>
        {
            foreach (var id in earlier) Assert.True(await Store.TryRecord("payments", id, tx, ct));
        }, Ct);

        var fresh = Enumerable.Range(0, 86).Select(_ => Guid.NewGuid()).ToArray(); // 86 = 64 + 16 + 4 + 1 + 1: every statement size
        Guid[] batch = [.. earlier, .. fresh, fresh[3], earlier[0]]; // redeliveries, and one event twice in the batch
        var recorded = await Store.InTransaction((tx, ct) => Store.RecordNew("payments", batch, tx, ct), Ct);

        Assert.Equal(fresh.Order(), recorded.Order());
        foreach (var id in fresh) Assert.True(await Store.HasSeen("payments", id, Ct));
        Assert.Empty(await Store.InTransaction((tx, ct) => Store.RecordNew("payments", fresh, tx, ct), Ct));
        Assert.Equal(fresh.Length, (await Store.InTransaction((tx, ct) => Store.RecordNew("deliveries", fresh, tx, ct), Ct)).Count); // each consumer its own inbox
    }

    [Fact]
    public async Task ARedeliveredEventIsHandledOnce()
    {
        await Store.InTransaction((tx, ct) => SqlStoreCommands.Execute(tx, CreateEffects, ct), Ct);
        var eventId = Guid.NewGuid();

        var first = await Store.HandleOnce("payments", eventId, (tx, ct) => AddEffect(tx, 1, ct), Ct);
        var again = await Store.HandleOnce("payments", eventId, (tx, ct) => AddEffect(tx, 2, ct), Ct);

        Assert.True(first);
        Assert.False(again);
        Assert.Equal(1, await CountEffects());
        Assert.True(await Store.HasSeen("payments", eventId, Ct));
        Assert.False(await Store.HasSeen("deliveries", eventId, Ct)); // each consumer has its own inbox
    }

    [Fact]
    public async Task AFailedHandlerLeavesNeitherEffectNorInboxMark()
    {
        await Store.InTransaction((tx, ct) => SqlStoreCommands.Execute(tx, CreateEffects, ct), Ct);
        var eventId = Guid.NewGuid();

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.HandleOnce("payments", eventId, async (tx, ct) =>
        {
            await AddEffect(tx, 1, ct);
            throw new InvalidOperationException("gateway down");
        }, Ct));

        Assert.False(await Store.HasSeen("payments", eventId, Ct));
        Assert.Equal(0, await CountEffects());
        Assert.True(await Store.HandleOnce("payments", eventId, (tx, ct) => AddEffect(tx, 1, ct), Ct));
    }
}
