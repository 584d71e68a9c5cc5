using Stormline.EventSourcing.Serialization;
using Stormline.EventSourcing.Sql;
using Stormline.EventSourcing.Streams;
using Stormline.EventSourcing.Tests.Fixtures;
using Stormline.EventSourcing.Tests.Sample;

namespace Stormline.EventSourcing.Tests.Conformance;

/// <summary>
/// What every event store backend must do. Each backend subclasses this in one line with its <see cref="IStoreFactory"/>;
/// the facts live in the partial files next to this one, one behaviour area per file. Every test gets a fresh store.
/// </summary>
public abstract partial class EventStoreConformance(IStoreFactory factory) : IAsyncLifetime
{
    private SqlStore? _store;

    protected SqlStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    protected static EventSerializer Serializer { get; } = OrderTypes.Serializer();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected static readonly DateTimeOffset At = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    public async ValueTask InitializeAsync() => _store = await factory.CreateStore(Ct);

    public async ValueTask DisposeAsync()
    {
        if (_store is not null) await factory.DisposeStore(_store);
        GC.SuppressFinalize(this);
    }

    protected static EventData Event(OrderEvent e, string? correlationId = null) =>
        Serializer.Serialize(e, new EventMetadata(correlationId, null, At));

    protected static EventData[] Created(string orderId, int lines = 0) =>
        [Event(new OrderCreated(orderId, "alice", At)), .. Enumerable.Range(1, lines).Select(i => Event(new OrderLineAdded(orderId, $"sku-{i}", 1, i)))];

    protected static StreamName OrderStream(string id) => StreamName.For<Order>(id);
}
