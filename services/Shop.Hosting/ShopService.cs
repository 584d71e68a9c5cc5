namespace Shop.Hosting;

/// <summary>Who a service is: its short name ("orders": data folder, CloudEvents source /shop/orders) and its title ("Shop.Orders").</summary>
public sealed record ShopService(string Name, string Title)
{
    public string Source => $"/shop/{Name}";
}
