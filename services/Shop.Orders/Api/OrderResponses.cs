using Shop.Contracts;
using Shop.Orders.Projections;

namespace Shop.Orders.Api;

public sealed record OrderCreatedResponse(string OrderId);

public sealed record OrderStatusResponse(string OrderId, string Status);

/// <summary>How current an answer is: events the read model has not applied yet, and where the answer came from.</summary>
public sealed record ReadModelInfo(long Lag, string Source);

public sealed record OrderLineView(string Sku, int Quantity, decimal UnitPrice);

public sealed record OrderView(
    string OrderId, string CustomerId, string Status, decimal Total, string Currency, IReadOnlyList<OrderLineView> Lines, Address ShippingAddress,
    string? PaymentId, string? DeliveryId, string? CancelReason, string? CancelDetail, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<OrderHistoryEntry> History, ReadModelInfo ReadModel)
{
    public static OrderView From(OrderSummary s, long lag, string source)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.OrderId, s.CustomerId, s.Status.ToString(), s.Total, s.Currency, [.. s.Lines.Select(l => new OrderLineView(l.ProductId, l.Quantity, l.UnitPrice))],
            s.ShippingAddress, s.PaymentId, s.DeliveryId, s.CancelReason?.ToString(), s.CancelDetail, s.CreatedAt, s.UpdatedAt, s.History, new ReadModelInfo(lag, source));
    }
}

public sealed record OrderPage(IReadOnlyList<OrderView> Items, int Page, int PageSize, long Total, ReadModelInfo ReadModel);
