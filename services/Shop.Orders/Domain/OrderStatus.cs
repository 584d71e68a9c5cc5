namespace Shop.Orders.Domain;

/// <summary>Where an order is; the numbers rank progress, so a late event never moves an order backwards.</summary>
public enum OrderStatus
{
    None = 0,
    Created = 1,
    Paid = 2,
    Shipped = 3,
    Delivered = 4,
    Cancelled = 5,
}
