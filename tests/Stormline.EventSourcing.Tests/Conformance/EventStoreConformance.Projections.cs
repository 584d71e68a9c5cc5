using Stormline.EventSourcing.Projections;
using Stormline.EventSourcing.Tests.Fixtures;
using Stormline.EventSourcing.Tests.Sample;

namespace Stormline.EventSourcing.Tests.Conformance;

public abstract partial class EventStoreConformance
{
    private async Task<(OrderSummaryProjection Projection, ProjectionRunner Runner)> SummaryProjection(int batchSize = 500)
    {
        await Store.InTransaction((tx, ct) => SqlStoreCommands.Execute(tx, OrderSummaryProjection.CreateTable, ct), Ct);
        var projection = new OrderSummaryProjection(Serializer);
        return (projection, new ProjectionRunner(Store, projection, batchSize));
    }

    private Task<List<(string OrderId, string Status, long Lines)>> Summaries() =>
        Store.InTransaction(OrderSummaryProjection.Rows, Ct);

    private async Task SeedOrders()
    {
        var orders = Orders();
        await orders.Handle("1", new CreateOrder("1", "alice", At), Context, Ct);
        await orders.Handle("2", new CreateOrder("2", "bob", At), Context, Ct);
        await orders.Handle("1", new AddOrderLine("1", "a", 1, 1m), Context, Ct);
        await orders.Handle("2", new CancelOrder("2", "no", At), Context, Ct);
    }

    [Fact]
    public async Task ProjectionCatchesUpAndStoresItsCheckpoint()
    {
        var (_, runner) = await SummaryProjection(batchSize: 3);
        await SeedOrders();
        Assert.Equal(4, await runner.Lag(Ct));

        Assert.Equal(4, await runner.CatchUp(Ct));

        Assert.Equal([("1", "created", 1L), ("2", "cancelled", 0L)], await Summaries());
        Assert.Equal(0, await runner.Lag(Ct));
        var checkpoint = await Store.GetCheckpoint("order-summaries", Ct);
        Assert.Equal((await Store.ReadAll(1, 100, Ct))[^1].GlobalPosition, checkpoint.Position);
        Assert.Equal(0, await runner.CatchUp(Ct)); // nothing new: nothing applied twice
    }

    [Fact]
    public async Task ProjectionResumesFromItsCheckpointAndReportsLag()
    {
        var (_, runner) = await SummaryProjection();
        await SeedOrders();
        await runner.CatchUp(Ct);

        await Orders().Handle("3", new CreateOrder("3", "carol", At), Context, Ct);
        await Orders().Handle("1", new AddOrderLine("1", "b", 1, 1m), Context, Ct);
        Assert.Equal(2, await runner.Lag(Ct));

        Assert.Equal(2, await new ProjectionRunner(Store, new OrderSummaryProjection(Serializer)).CatchUp(Ct)); // a restarted runner
        Assert.Equal([("1", "created", 2L), ("2", "cancelled", 0L), ("3", "created", 0L)], await Summaries());
    }

    [Fact]
    public async Task AFailedBatchRollsBackReadModelAndCheckpointTogether()
    {
        var (projection, runner) = await SummaryProjection(batchSize: 2);
        await SeedOrders();
        var positions = (await Store.ReadAll(1, 100, Ct)).Select(e => e.GlobalPosition).ToList();
        projection.FailAtPosition = positions[3]; // second batch fails on its second event

        await Assert.ThrowsAsync<InvalidOperationException>(() => runner.CatchUp(Ct));

        Assert.Equal(positions[1], (await Store.GetCheckpoint("order-summaries", Ct)).Position);
        Assert.Equal([("1", "created", 0L), ("2", "created", 0L)], await Summaries()); // the line added at positions[2] was rolled back
        projection.FailAtPosition = null;
        Assert.Equal(2, await runner.CatchUp(Ct));
        Assert.Equal([("1", "created", 1L), ("2", "cancelled", 0L)], await Summaries());
    }

    [Fact]
    public async Task RebuildReplaysTheWholeLogFromPositionZero()
    {
        var (_, runner) = await SummaryProjection();
        await SeedOrders();
        await runner.CatchUp(Ct);
        await Store.InTransaction((tx, ct) => SqlStoreCommands.Execute(tx, "UPDATE order_summaries SET lines = 99", ct), Ct); // a bug corrupted the read model

        Assert.Equal(4, await runner.Rebuild(Ct));

        Assert.Equal([("1", "created", 1L), ("2", "cancelled", 0L)], await Summaries());
        Assert.Equal(0, await runner.Lag(Ct));
    }
}
