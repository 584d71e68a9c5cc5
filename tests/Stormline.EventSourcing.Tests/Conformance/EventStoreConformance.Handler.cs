using Stormline.EventSourcing.Domain;
using Stormline.EventSourcing.Serialization;
using Stormline.EventSourcing.Snapshots;
using Stormline.EventSourcing.Streams;
using Stormline.EventSourcing.Tests.Sample;

namespace Stormline.EventSourcing.Tests.Conformance;

public abstract partial class EventStoreConformance
{
    private static readonly CommandContext Context = new("corr-1", "request-1");

    protected CommandHandler<Order, OrderCommand, OrderEvent, OrderState> Orders(SnapshotPolicy? policy = null) =>
        new(Store, Serializer, Store, policy);

    [Fact]
    public async Task HandlerAppendsTheDecidedEventsWithContextMetadata()
    {
        var orders = Orders();
        await orders.Handle("42", new CreateOrder("42", "alice", At), Context, Ct);
        var result = await orders.Handle("42", new CancelOrder("42", "changed mind", At), Context, Ct);

        Assert.Equal(1, result.Version);
        Assert.Equal(OrderStatus.Cancelled, result.State.Status);
        var stored = await Store.ReadStream(OrderStream("42"), 0, 10, Ct);
        Assert.Equal(["OrderCreated", "OrderCancelled"], stored.Select(e => e.Type));
        Assert.All(stored, e => Assert.Equal(("corr-1", "request-1"), (e.Metadata.CorrelationId, e.Metadata.CausationId)));
    }

    [Fact]
    public async Task RejectedCommandRaisesATypedErrorAndChangesNothing()
    {
        var orders = Orders();
        await orders.Handle("42", new CreateOrder("42", "alice", At), Context, Ct);

        var rejected = await Assert.ThrowsAsync<CommandRejectedException>(() => orders.Handle("42", new CreateOrder("42", "bob", At), Context, Ct));
        Assert.Equal("Order 42 already exists.", rejected.Message);
        Assert.Equal(1, await Store.CountEventsAfter(0, Ct));
    }

    [Fact]
    public async Task CommandWithNoEventsAppendsNothing()
    {
        var orders = Orders();
        await orders.Handle("42", new CreateOrder("42", "alice", At), Context, Ct);
        await orders.Handle("42", new CancelOrder("42", "once", At), Context, Ct);

        var result = await orders.Handle("42", new CancelOrder("42", "twice", At), Context, Ct);
        Assert.Empty(result.Events);
        Assert.Equal(2, await Store.CountEventsAfter(0, Ct));
    }

    [Fact]
    public async Task ConcurrentCommandsOnOneAggregateAllSucceedByRetrying()
    {
        var orders = Orders();
        await orders.Handle("42", new CreateOrder("42", "alice", At), Context, Ct);

        var handlers = new CommandHandler<Order, OrderCommand, OrderEvent, OrderState>(Store, Serializer) { MaxAttempts = 50 };
        var results = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => Task.Run(() =>
            handlers.Handle("42", new AddOrderLine("42", $"sku-{i}", 1, i), Context, Ct), Ct)));

        var state = await handlers.Load("42", Ct);
        Assert.Equal(6, state.State.Lines);
        Assert.Equal(21m, state.State.Total);
        Assert.Equal(6, state.Version);
        Assert.Equal(Enumerable.Range(1, 6).Select(v => (long)v), results.Select(r => r.Version).Order());
    }

    [Fact]
    public async Task UnknownEventTypeInTheStoreRaisesATypedError()
    {
        var stream = OrderStream("42");
        await Store.AppendToStream(stream, ExpectedVersion.NoStream, [new EventData(Guid.NewGuid(), "OrderTeleported", "{}", EventMetadata.Now())], Ct);

        var error = await Assert.ThrowsAsync<UnknownEventTypeException>(() => Orders().Handle("42", new CreateOrder("42", "alice", At), Context, Ct));
        Assert.Equal("OrderTeleported", error.EventType);
        Assert.Equal(1, await Store.CountEventsAfter(0, Ct));
    }

    [Fact]
    public async Task CorruptPayloadRaisesATypedError()
    {
        var stream = OrderStream("42");
        await Store.AppendToStream(stream, ExpectedVersion.NoStream, [new EventData(Guid.NewGuid(), "OrderCreated", """{"orderId": 42, "createdAt": "not a time"}""", EventMetadata.Now())], Ct);

        var error = await Assert.ThrowsAsync<EventDeserializationException>(() => Orders().Load("42", Ct));
        Assert.Equal("OrderCreated", error.EventType);
    }

    [Fact]
    public async Task OldEventShapesAreUpcastOnLoad()
    {
        var stream = OrderStream("42");
        await Store.AppendToStream(stream, ExpectedVersion.NoStream,
            [new EventData(Guid.NewGuid(), "OrderCreated.v0", """{"orderId":"42","customer":"alice","createdAt":"2026-11-25T10:00:00+00:00"}""", EventMetadata.Now())], Ct);

        var loaded = await Orders().Load("42", Ct);
        Assert.Equal(new OrderState("42", OrderStatus.Created, 0, 0m), loaded.State);
        Assert.Equal(new OrderCreated("42", "alice", At), Serializer.Deserialize((await Store.ReadStream(stream, 0, 1, Ct))[0]));
    }
}
