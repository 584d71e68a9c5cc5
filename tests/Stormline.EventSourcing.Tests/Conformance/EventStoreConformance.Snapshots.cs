using Stormline.EventSourcing.Snapshots;
using Stormline.EventSourcing.Tests.Sample;

namespace Stormline.EventSourcing.Tests.Conformance;

public abstract partial class EventStoreConformance
{
    [Fact]
    public async Task SnapshotRoundTripsAndAnOlderOneNeverReplacesANewer()
    {
        var stream = OrderStream("42");
        await Store.SaveSnapshot(new Snapshot(stream, 9, 1, """{"v":9}""", At), Ct);
        await Store.SaveSnapshot(new Snapshot(stream, 4, 1, """{"v":4}""", At), Ct);

        var loaded = await Store.LoadSnapshot(stream, Ct);
        Assert.NotNull(loaded);
        Assert.Equal((9L, 1), (loaded.Version, loaded.SchemaVersion));
        Assert.Contains("9", loaded.Data, StringComparison.Ordinal);
        Assert.Null(await Store.LoadSnapshot(OrderStream("other"), Ct));
    }

    [Fact]
    public async Task LoadingStartsFromTheLatestSnapshotAndReplaysOnlyLaterEvents()
    {
        var orders = Orders(SnapshotPolicy.EveryEvents(10));
        await orders.Handle("42", new CreateOrder("42", "alice", At), Context, Ct);
        for (var i = 1; i <= 12; i++)
            await orders.Handle("42", new AddOrderLine("42", $"sku-{i}", 1, 1m), Context, Ct);

        var loaded = await orders.Load("42", Ct);
        Assert.Equal(9, loaded.SnapshotVersion); // taken when the stream reached 10 events
        Assert.Equal(3, loaded.ReplayedEvents);
        Assert.Equal(new OrderState("42", OrderStatus.Created, 12, 12m), loaded.State);
        Assert.Equal(12, loaded.Version);
    }

    [Fact]
    public async Task ASnapshotOfAnotherSchemaVersionIsIgnored()
    {
        var v1 = Orders(SnapshotPolicy.EveryEvents(2, schemaVersion: 1));
        await v1.Handle("42", new CreateOrder("42", "alice", At), Context, Ct);
        await v1.Handle("42", new AddOrderLine("42", "a", 1, 5m), Context, Ct);
        // Corrupt the stored state: if the loader trusted this snapshot the totals would be wrong.
        await Store.SaveSnapshot(new Snapshot(OrderStream("42"), 1, 1, """{"orderId":"42","status":1,"lines":99,"total":99}""", At), Ct);

        var v2 = await Orders(SnapshotPolicy.EveryEvents(2, schemaVersion: 2)).Load("42", Ct);
        Assert.Null(v2.SnapshotVersion);
        Assert.Equal(2, v2.ReplayedEvents);
        Assert.Equal(new OrderState("42", OrderStatus.Created, 1, 5m), v2.State);
    }

    [Fact]
    public async Task NoSnapshotPolicyTakesNoSnapshots()
    {
        var orders = Orders(SnapshotPolicy.None);
        await orders.Handle("42", new CreateOrder("42", "alice", At), Context, Ct);
        for (var i = 0; i < 5; i++)
            await orders.Handle("42", new AddOrderLine("42", "a", 1, 1m), Context, Ct);

        Assert.Null(await Store.LoadSnapshot(OrderStream("42"), Ct));
        Assert.Equal(6, (await orders.Load("42", Ct)).ReplayedEvents);
    }

    [Fact]
    public async Task ASnapshotThatNoLongerReadsIsIgnored()
    {
        var orders = Orders(SnapshotPolicy.EveryEvents(2));
        await orders.Handle("42", new CreateOrder("42", "alice", At), Context, Ct);
        await orders.Handle("42", new AddOrderLine("42", "a", 1, 5m), Context, Ct);
        await Store.SaveSnapshot(new Snapshot(OrderStream("42"), 1, 1, """{"orderId":"42","status":"not a status"}""", At), Ct);

        var loaded = await orders.Load("42", Ct);
        Assert.Null(loaded.SnapshotVersion);
        Assert.Equal(new OrderState("42", OrderStatus.Created, 1, 5m), loaded.State);
    }
}
