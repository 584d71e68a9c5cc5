namespace Shop.Deliveries.Domain;

public sealed record DeliveryState(DeliveryStatus Status, string? DeliveryId)
{
    public static DeliveryState Initial { get; } = new(DeliveryStatus.None, null);

    /// <summary>One delivery per order, so its id follows from the order id.</summary>
    public static string DeliveryIdFor(string orderId) => "del-" + orderId;
}
