using Shop.Contracts;
using Stormline.EventSourcing.Domain;

namespace Shop.Deliveries.Domain;

/// <summary>
/// The Delivery aggregate. Starting and cancelling come from payment events through policies and never refuse (a repeat
/// changes nothing; a cancellation that arrives first keeps a later start from happening). Completing is the courier's
/// command and refuses what makes no sense: an unknown, cancelled or already completed delivery.
/// </summary>
public sealed class Delivery : IDecider<DeliveryCommand, object, DeliveryState>
{
    private Delivery() { }

    public static DeliveryState Initial => DeliveryState.Initial;

    public static IReadOnlyList<object> Decide(DeliveryCommand command, DeliveryState state) => command switch
    {
        StartDelivery c when state.Status == DeliveryStatus.None =>
            [new DeliveryStarted(DeliveryState.DeliveryIdFor(c.OrderId), c.OrderId, c.UserId, c.Address, TrackingNumber(c.OrderId), c.At)],
        StartDelivery => [],
        CancelDelivery c when state.Status is DeliveryStatus.None or DeliveryStatus.Started =>
            [new DeliveryCancelled(DeliveryState.DeliveryIdFor(c.OrderId), c.OrderId, c.Reason, c.At)],
        CancelDelivery => [], // completed (too late) or cancelled already
        CompleteDelivery c => state.Status switch
        {
            DeliveryStatus.Started => [new DeliveryCompleted(state.DeliveryId!, c.OrderId, c.ReceivedBy, c.At)],
            DeliveryStatus.None => throw new CommandRejectedException($"There is no delivery for order {c.OrderId}."),
            DeliveryStatus.Completed => throw new CommandRejectedException($"The delivery of order {c.OrderId} is already completed."),
            _ => throw new CommandRejectedException($"The delivery of order {c.OrderId} was cancelled and cannot be completed."),
        },
        _ => throw new CommandRejectedException($"Unknown command {command.GetType().Name}."),
    };

    public static DeliveryState Evolve(DeliveryState state, object @event) => @event switch
    {
        DeliveryStarted e => state with { Status = DeliveryStatus.Started, DeliveryId = e.DeliveryId },
        DeliveryCompleted => state with { Status = DeliveryStatus.Completed },
        DeliveryCancelled e => state with { Status = DeliveryStatus.Cancelled, DeliveryId = e.DeliveryId },
        _ => state,
    };

    private static string TrackingNumber(string orderId) => "TRK-" + orderId.Replace("-", "", StringComparison.Ordinal)[..Math.Min(12, orderId.Replace("-", "", StringComparison.Ordinal).Length)].ToUpperInvariant();
}
