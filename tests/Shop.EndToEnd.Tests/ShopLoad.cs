using Stormline.Cli.Load;
using Stormline.Cli.Up;

namespace Shop.EndToEnd.Tests;

/// <summary><c>stormline load</c>'s options aimed at a running system: its three services and its broker.</summary>
internal static class ShopLoad
{
    public static LoadOptions For(ShopSystem system, int orders, double rate, int declinePercent = 10, int cancelPercent = 10, int settleSeconds = 150) => new()
    {
        Orders = orders,
        Rate = rate,
        DeclinePercent = declinePercent,
        CancelPercent = cancelPercent,
        OrdersUrl = system.Services[0].Url,
        PaymentsUrl = system.Services[1].Url,
        DeliveriesUrl = system.Services[2].Url,
        BootstrapServers = system.BootstrapServers,
        SettleTimeout = TimeSpan.FromSeconds(settleSeconds),
    };
}
