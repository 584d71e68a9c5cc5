namespace Stormline.Cli.Up;

/// <summary>
/// One of the reference system's services: its display name, its project folder under <c>services/</c>, and its port;
/// for <c>up --secure</c> also its model context (whose topic it produces), the contexts whose topics it consumes, and
/// the prefix its consumer groups share (the group constants in services/Shop.*/Application).
/// </summary>
public sealed record ShopService(string Name, string Project, int Port, string Context = "", IReadOnlyList<string>? Consumes = null, string GroupPrefix = "")
{
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Short lower-case name: the prefix of its output lines and its folder under the data directory.</summary>
    public string Key => Name.ToLowerInvariant();

    // Consumes follows the services' ConsumerRegistrations, not only the model's policies: Deliveries also reads
    // order-events for the shipping address, which the model does not draw.
    public static IReadOnlyList<ShopService> Defaults(int ordersPort = 5101, int paymentsPort = 5102, int deliveriesPort = 5103) =>
    [
        new("Orders", "Shop.Orders", ordersPort, "order", ["payment", "delivery"], "order-service"),
        new("Payments", "Shop.Payments", paymentsPort, "payment", ["order"], "payment-service"),
        new("Deliveries", "Shop.Deliveries", deliveriesPort, "delivery", ["payment", "order"], "delivery-service"),
    ];
}
