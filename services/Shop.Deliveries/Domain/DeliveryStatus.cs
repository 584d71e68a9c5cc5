namespace Shop.Deliveries.Domain;

public enum DeliveryStatus
{
    None,
    Started,
    Completed,
    Cancelled,
}
