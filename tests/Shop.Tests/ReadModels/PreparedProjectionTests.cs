using System.Text.Json;
using Shop.Orders.Projections;
using Shop.Tests.Infrastructure;
using Stormline.EventSourcing.Projections;
using Stormline.EventSourcing.Serialization;
using Stormline.EventSourcing.Streams;
using Stormline.Hosting.ReadModels;
using Stormline.Hosting.Storage;

namespace Shop.Tests.ReadModels;

/// <summary>
/// A document read model folds its batch before the batch's transaction (reading the documents outside it). That is
/// safe only because the transaction moves the checkpoint by compare-and-set: a batch prepared from documents another
/// runner has since moved on must roll back, never put older documents or an older checkpoint back.
/// </summary>
public sealed class PreparedProjectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_batch_prepared_before_a_rival_runner_moved_on_rolls_back_and_no_event_is_applied_twice()
    {
        await using var system = await ShopSystem.Start();
        var api = new ShopApi(system);
        var placed = new List<string>();
        for (var i = 0; i < 6; i++) placed.Add(await api.PlaceOrder(ShopApi.NewCustomer("race")));
        foreach (var id in placed) await api.WaitForOrder(id, "Shipped");

        var orders = system.Orders!;
        var store = orders.Get<ServiceStore>();
        var table = new ReadModelTable("race_summaries");
        await store.ReadModels.Create(table, Ct);
        var projection = new DocumentProjection<OrderSummary>(table, orders.Get<EventSerializer>(), new OrderSummaryReadModel(), store.ReadModels);
        var rival = new ProjectionRunner(store.Store, projection);
        var late = new RivalGoesFirst(projection, rival);
        var seeded = (await store.Store.ReadAll(0, 10_000, Ct))[^1].GlobalPosition;

        // The late runner prepares its first three events; the rival then applies the whole log; the late runner's
        // prepared documents are three events old and its checkpoint would go back.
        var applied = await new ProjectionRunner(store.Store, late, batchSize: 3).CatchUp(3, Ct);

        Assert.True(late.RivalRan, "the rival never ran between the prepare and the write");
        // More events may follow (deliveries go on): compare with a fold of the log up to the checkpoint.
        var checkpoint = (await store.Store.GetCheckpoint(table.Name, Ct)).Position!.Value;
        Assert.True(checkpoint >= seeded, $"checkpoint {checkpoint} is behind the seeded log ({seeded})");
        var serializer = orders.Get<EventSerializer>();
        var model = new OrderSummaryReadModel();
        var folded = new Dictionary<string, OrderSummary?>();
        foreach (var e in await store.Store.ReadAll(0, 10_000, Ct))
        {
            if (e.GlobalPosition > checkpoint) break;
            var payload = serializer.Deserialize(e);
            if (model.IdOf(payload) is { } id) folded[id] = model.Apply(folded.GetValueOrDefault(id), payload, e) ?? folded.GetValueOrDefault(id);
        }

        await using var connection = await store.OpenRead(Ct);
        var regressed = new List<string>();
        foreach (var id in placed)
        {
            var stored = await projection.Read(connection, id, Ct);
            Assert.NotNull(stored);
            if (JsonSerializer.Serialize(folded[id], DocumentProjection<OrderSummary>.Json) != JsonSerializer.Serialize(stored, DocumentProjection<OrderSummary>.Json)) regressed.Add(id);
            Assert.Equal(stored.History.Count, stored.History.Select(h => h.Position).Distinct().Count()); // no event applied twice
        }
        Assert.Empty(regressed); // no document put back to an older state
        Assert.Equal(0, applied); // the late runner's one batch rolled back: the rival had applied everything
    }

    /// <summary>Lets a rival runner catch up between this projection's first prepare and its write.</summary>
    private sealed class RivalGoesFirst(DocumentProjection<OrderSummary> inner, ProjectionRunner rival) : IProjection
    {
        public bool RivalRan { get; private set; }

        public string Name => inner.Name;

        public Task Apply(StreamEvent @event, System.Data.Common.DbTransaction transaction, CancellationToken cancellationToken) =>
            inner.Apply(@event, transaction, cancellationToken);

        public async Task<ProjectionWrite?> Prepare(IReadOnlyList<StreamEvent> events, CancellationToken cancellationToken)
        {
            var write = await inner.Prepare(events, cancellationToken);
            if (!RivalRan)
            {
                RivalRan = true;
                await rival.CatchUp(cancellationToken);
            }
            return write;
        }

        public Task Reset(System.Data.Common.DbTransaction transaction, CancellationToken cancellationToken) => inner.Reset(transaction, cancellationToken);
    }
}
