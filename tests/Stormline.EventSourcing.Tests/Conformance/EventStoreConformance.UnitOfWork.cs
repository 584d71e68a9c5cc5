using Stormline.EventSourcing.Projections;
using Stormline.EventSourcing.Tests.Sample;

namespace Stormline.EventSourcing.Tests.Conformance;

public abstract partial class EventStoreConformance
{
    [Fact]
    public async Task Commands_in_one_unit_of_work_see_each_other_and_commit_with_the_inbox_marks_or_not_at_all()
    {
        var orders = Orders();
        var eventId = Guid.NewGuid();
        await using (var unit = await Store.BeginTransaction(Ct))
        {
            Assert.True(await Store.TryRecord("payments", eventId, unit.Transaction, Ct));
            await orders.Handle("7", new CreateOrder("7", "alice", At), Context, unit.Transaction, Ct);
            var second = await orders.Handle("7", new AddOrderLine("7", "a", 2, 1m), Context, unit.Transaction, Ct); // sees the uncommitted create
            Assert.Equal(1, second.Version);
            // disposed without commit: rolled back
        }
        Assert.Empty(await Store.ReadStream(OrderStream("7"), 0, 10, Ct));
        Assert.Empty(await Store.ReadPending(10, Ct));
        Assert.False(await Store.HasSeen("payments", eventId, Ct));

        await using (var unit = await Store.BeginTransaction(Ct))
        {
            Assert.True(await Store.TryRecord("payments", eventId, unit.Transaction, Ct));
            await orders.Handle("7", new CreateOrder("7", "alice", At), Context, unit.Transaction, Ct);
            await orders.Handle("7", new AddOrderLine("7", "a", 2, 1m), Context, unit.Transaction, Ct);
            await unit.Commit(Ct);
        }
        Assert.Equal(["OrderCreated", "OrderLineAdded"], (await Store.ReadStream(OrderStream("7"), 0, 10, Ct)).Select(e => e.Type));
        Assert.Equal(2, (await Store.ReadPending(10, Ct)).Count);
        Assert.True(await Store.HasSeen("payments", eventId, Ct));
    }

    [Fact]
    public async Task A_checkpoint_moves_only_from_the_position_it_was_read_at()
    {
        var start = Checkpoint.Empty("feed");
        Assert.True(await Store.InTransaction((tx, ct) => Store.TryAdvanceCheckpoint(start, new Checkpoint("feed", 5), tx, ct), Ct));
        Assert.False(await Store.InTransaction((tx, ct) => Store.TryAdvanceCheckpoint(start, new Checkpoint("feed", 3), tx, ct), Ct)); // stale reader
        Assert.False(await Store.InTransaction((tx, ct) => Store.TryAdvanceCheckpoint(new Checkpoint("feed", 4), new Checkpoint("feed", 9), tx, ct), Ct));
        Assert.True(await Store.InTransaction((tx, ct) => Store.TryAdvanceCheckpoint(new Checkpoint("feed", 5), new Checkpoint("feed", 9), tx, ct), Ct));
        Assert.Equal(9, (await Store.GetCheckpoint("feed", Ct)).Position);
    }

    [Fact]
    public async Task Two_runners_of_one_projection_never_apply_an_event_twice()
    {
        var (projection, first) = await SummaryProjection(batchSize: 2);
        var second = new ProjectionRunner(Store, projection, batchSize: 2);
        var orders = Orders();
        for (var i = 0; i < 20; i++)
        {
            await orders.Handle($"{i}", new CreateOrder($"{i}", "alice", At), Context, Ct);
            await orders.Handle($"{i}", new AddOrderLine($"{i}", "a", 1, 1m), Context, Ct);
            await orders.Handle($"{i}", new AddOrderLine($"{i}", "b", 1, 1m), Context, Ct);
        }

        await Task.WhenAll(Task.Run(() => first.CatchUp(Ct), Ct), Task.Run(() => second.CatchUp(Ct), Ct));

        var rows = await Summaries();
        Assert.Equal(20, rows.Count);
        Assert.All(rows, r => Assert.Equal(2, r.Lines)); // a double-applied line would count 3 or 4
        Assert.Equal((await Store.ReadAll(1, 1000, Ct))[^1].GlobalPosition, (await Store.GetCheckpoint("order-summaries", Ct)).Position);
    }
}
