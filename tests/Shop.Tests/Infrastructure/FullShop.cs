namespace Shop.Tests.Infrastructure;

/// <summary>The whole shop (three services, one broker), shared by the tests that need it all; each test uses its own orders.</summary>
public sealed class FullShop : IAsyncLifetime
{
    private ShopSystem? _system;

    internal ShopSystem System => _system ?? throw new InvalidOperationException("The shop has not started.");

    internal ShopApi Api => new(System);

    public async ValueTask InitializeAsync() => _system = await ShopSystem.Start(settings: "Orders:PaymentDeadline=00:05:00");

    public async ValueTask DisposeAsync()
    {
        if (_system is not null) await _system.DisposeAsync();
    }
}
