namespace Stormline.Cli.Up;

/// <summary>One of the reference system's services: its display name, its project folder under <c>services/</c>, and its port.</summary>
public sealed record ShopService(string Name, string Project, int Port)
{
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Short lower-case name: the prefix of its output lines and its folder under the data directory.</summary>
    public string Key => Name.ToLowerInvariant();

    public static IReadOnlyList<ShopService> Defaults(int ordersPort = 5101, int paymentsPort = 5102, int deliveriesPort = 5103) =>
    [
        new("Orders", "Shop.Orders", ordersPort),
        new("Payments", "Shop.Payments", paymentsPort),
        new("Deliveries", "Shop.Deliveries", deliveriesPort),
    ];
}
