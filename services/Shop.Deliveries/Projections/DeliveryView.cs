using Shop.Contracts;
using Shop.Deliveries.Domain;

namespace Shop.Deliveries.Projections;

/// <summary>The DeliveryTracking read model (model: delivery.readModels.DeliveryTracking), one document per order.</summary>
public sealed record DeliveryView(
    string OrderId, string DeliveryId, DeliveryStatus Status, Address? Address, string? TrackingNumber, string? ReceivedBy, string? CancelReason,
    DateTimeOffset UpdatedAt, IReadOnlyList<DeliveryHistoryEntry> History);
