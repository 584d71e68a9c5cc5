using Shop.Contracts;
using Shop.Deliveries.Domain;
using Stormline.Hosting.ReadModels;
using Stormline.EventSourcing.Streams;

namespace Shop.Deliveries.Projections;

public sealed class DeliveryTrackingReadModel : IReadModel<DeliveryView>
{
    public static ReadModelTable Table { get; } = new("delivery_tracking");

    public string? IdOf(object @event) => @event switch
    {
        DeliveryStarted e => e.OrderId,
        DeliveryCompleted e => e.OrderId,
        DeliveryCancelled e => e.OrderId,
        _ => null,
    };

    public DeliveryView? Apply(DeliveryView? current, object @event, StreamEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var (next, at) = @event switch
        {
            DeliveryStarted e => (new DeliveryView(e.OrderId, e.DeliveryId, DeliveryStatus.Started, e.Address, e.TrackingNumber, null, null, e.StartedAt, []), e.StartedAt),
            DeliveryCompleted e when current is not null => (current with { Status = DeliveryStatus.Completed, ReceivedBy = e.ReceivedBy }, e.CompletedAt),
            DeliveryCancelled e => ((current ?? new DeliveryView(e.OrderId, e.DeliveryId, DeliveryStatus.Cancelled, null, null, null, null, e.CancelledAt, []))
                with { Status = DeliveryStatus.Cancelled, CancelReason = e.Reason }, e.CancelledAt),
            _ => ((DeliveryView?)null, default(DateTimeOffset)),
        };
        return next is null ? null
            : next with { UpdatedAt = at, History = [.. current?.History ?? [], new(@event.GetType().Name, at, stored.GlobalPosition)] };
    }

    public ReadModelRow Row(DeliveryView document, string json)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new(document.OrderId, document.Status.ToString(), null, document.History[0].At, json);
    }
}
