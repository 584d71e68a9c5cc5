using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Shop.Contracts;
using Shop.Orders;
using Shop.Tests.Infrastructure;
using Stormline.EventSourcing.Streams;
using Stormline.Hosting;
using Stormline.Hosting.ReadModels;

namespace Shop.Tests.ReadModels;

/// <summary>
/// A read model with a side effect (a notification per new order) guarded by <see cref="ProjectionContext.IsReplay"/>:
/// a rebuild replays every order into the new version without notifying anyone a second time.
/// </summary>
public sealed class ReplayFlagTests
{
    [Fact]
    public async Task A_rebuild_replays_every_event_with_the_replay_flag_set_so_side_effects_stay_off()
    {
        var probe = new NotifyingReadModel();
        await using var system = await ShopSystem.Start(orders: false, payments: false, deliveries: false);
        var orders = await system.StartReplica(a => OrdersApp.Build(a, b => b.Services.AddReadModel(NotifyingReadModel.Table, probe)));
        var scenario = new RebuildScenario([orders]);
        await scenario.Seed(30);
        await Eventually.Get(() => Task.FromResult(probe.Notified), n => n == 30, "a notification per order from the live projection");

        var started = await orders.Http.PostAsync("/stormline/read-models/order_notifications/rebuild", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        await Eventually.Get(() => orders.Http.GetFromJsonAsync<JsonObject>("/stormline/read-models/order_notifications/rebuild"),
            p => (string?)p!["state"] == "idle" && (int)p["activeVersion"]! == 2, "the rebuilt version to be swapped in");

        Assert.Equal(30, probe.Replayed);
        Assert.Equal(30, probe.Notified);
    }

    private sealed record Notified(string OrderId);

    private sealed class NotifyingReadModel : IReadModel<Notified>
    {
        private int _notified;
        private int _replayed;

        public static ReadModelTable Table { get; } = new("order_notifications");

        public int Notified => Volatile.Read(ref _notified);

        public int Replayed => Volatile.Read(ref _replayed);

        public string? IdOf(object @event) => (@event as OrderCreated)?.OrderId;

        public Notified? Apply(Notified? current, object @event, StreamEvent stored)
        {
            if (ProjectionContext.IsReplay) Interlocked.Increment(ref _replayed);
            else Interlocked.Increment(ref _notified); // stands for an e-mail or a call out
            return new Notified(((OrderCreated)@event).OrderId);
        }

        public ReadModelRow Row(Notified document, string json) => new(document.OrderId, "notified", null, DateTimeOffset.UnixEpoch, json);
    }
}
