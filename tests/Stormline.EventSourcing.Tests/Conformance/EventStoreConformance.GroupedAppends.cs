using Stormline.EventSourcing.Streams;
using Stormline.EventSourcing.Tests.Sample;

namespace Stormline.EventSourcing.Tests.Conformance;

public abstract partial class EventStoreConformance
{
    [Fact]
    public async Task A_unit_that_groups_its_appends_sees_them_in_its_own_commands_and_commits_them_with_its_inbox_marks_or_not_at_all()
    {
        var orders = Orders();
        var eventId = Guid.NewGuid();
        await using (var unit = await Store.BeginTransaction(Ct))
        {
            unit.GroupAppends = true;
            Assert.True(await Store.TryRecord("payments", eventId, unit.Transaction, Ct));
            await orders.Handle("g1", new CreateOrder("g1", "alice", At), Context, unit.Transaction, Ct);
            await orders.Handle("g2", new CreateOrder("g2", "bob", At), Context, unit.Transaction, Ct);
            var second = await orders.Handle("g1", new AddOrderLine("g1", "a", 2, 1m), Context, unit.Transaction, Ct); // sees the held-back create
            Assert.Equal(1, second.Version);
            Assert.Equal(2, (await Store.ReadStream(OrderStream("g1"), 0, 10, unit.Transaction, Ct)).Count);
            // disposed without commit: rolled back
        }
        Assert.Empty(await Store.ReadAll(0, 10, Ct));
        Assert.Empty(await Store.ReadPending(10, Ct));
        Assert.False(await Store.HasSeen("payments", eventId, Ct));

        await using (var unit = await Store.BeginTransaction(Ct))
        {
            unit.GroupAppends = true;
            Assert.True(await Store.TryRecord("payments", eventId, unit.Transaction, Ct));
            await orders.Handle("g1", new CreateOrder("g1", "alice", At), Context, unit.Transaction, Ct);
            await orders.Handle("g2", new CreateOrder("g2", "bob", At), Context, unit.Transaction, Ct);
            await orders.Handle("g1", new AddOrderLine("g1", "a", 2, 1m), Context, unit.Transaction, Ct);
            await orders.Handle("g3", new CreateOrder("g3", "carol", At), Context, unit.Transaction, Ct);
            await unit.Commit(Ct);
        }
        var all = await Store.ReadAll(0, 10, Ct);
        Assert.Equal([("g1", 0L), ("g2", 0L), ("g1", 1L), ("g3", 0L)], all.Select(e => (e.Stream.Id, e.StreamVersion)));
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.GlobalPosition < p.Second.GlobalPosition));
        Assert.Equal(4, (await Store.ReadPending(10, Ct)).Count);
        Assert.True(await Store.HasSeen("payments", eventId, Ct));
        Assert.Equal(1, (await Store.GetStreamMetadata(OrderStream("g1"), Ct))!.LastVersion);
    }

    [Fact]
    public async Task A_grouped_append_checks_its_expected_version_when_it_is_made()
    {
        await Store.AppendToStream(OrderStream("g4"), ExpectedVersion.NoStream, Created("g4"), Ct);
        await using var unit = await Store.BeginTransaction(Ct);
        unit.GroupAppends = true;
        await Assert.ThrowsAsync<WrongExpectedVersionException>(() =>
            Store.AppendToStream(OrderStream("g4"), ExpectedVersion.NoStream, Created("g4"), unit.Transaction, Ct));
    }

    /// <summary>
    /// An append the database rejects (a duplicate event id) fails the unit, whether the store writes it at once
    /// (SQLite) or at commit (PostgreSQL, grouped): nothing of the unit stays, its inbox mark included, and the store
    /// takes appends again at once (the append-order lock was released).
    /// </summary>
    [Fact]
    public async Task A_grouped_append_the_database_rejects_fails_the_unit_with_its_inbox_mark_and_the_store_stays_writable()
    {
        var taken = Created("g5");
        await Store.AppendToStream(OrderStream("g5"), ExpectedVersion.NoStream, taken, Ct);
        var eventId = Guid.NewGuid();
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(async () =>
        {
            await using var unit = await Store.BeginTransaction(Ct);
            unit.GroupAppends = true;
            await Store.TryRecord("payments", eventId, unit.Transaction, Ct);
            await Store.AppendToStream(OrderStream("g6"), ExpectedVersion.NoStream, Created("g6"), unit.Transaction, Ct);
            await Store.AppendToStream(OrderStream("g7"), ExpectedVersion.NoStream, taken, unit.Transaction, Ct); // the same event id again
            await unit.Commit(Ct);
        });

        Assert.False(await Store.HasSeen("payments", eventId, Ct));
        Assert.Empty(await Store.ReadStream(OrderStream("g6"), 0, 10, Ct));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        await Store.AppendToStream(OrderStream("g8"), ExpectedVersion.NoStream, Created("g8"), deadline.Token);
        Assert.Equal([OrderStream("g5"), OrderStream("g8")], (await Store.ReadAll(0, 10, Ct)).Select(e => e.Stream));
    }
}
