using Shop.Contracts;
using Shop.Orders.Domain;

namespace Shop.Orders.Projections;

/// <summary>The OrderSummary read model (model: order.readModels.OrderSummary), one document per order.</summary>
public sealed record OrderSummary(
    string OrderId,
    string CustomerId,
    OrderStatus Status,
    decimal Total,
    string Currency,
    IReadOnlyList<OrderLine> Lines,
    Address ShippingAddress,
    string? PaymentId,
    string? DeliveryId,
    CancelReason? CancelReason,
    string? CancelDetail,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<OrderHistoryEntry> History);
