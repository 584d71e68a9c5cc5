using Shop.Contracts;
using Shop.Hosting;
using Shop.Payments.Api;
using Shop.Payments.Application;
using Shop.Payments.Domain;
using Shop.Payments.Gateway;
using Shop.Payments.Projections;
using Stormline.Hosting;
using Stormline.Hosting.Messaging;
using Stormline.Hosting.Storage;

namespace Shop.Payments;

/// <summary>The Payments service, built from configuration (appsettings.json, environment variables, command line).</summary>
public static class PaymentsApp
{
    public static readonly ServiceIdentity Service = ShopHosting.Service("payments", "Shop.Payments");

    public static async Task<WebApplication> Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        var store = await builder.AddShopDefaults(Service);
        await store.ReadModels.Create(PaymentHistoryReadModel.Table, CancellationToken.None);

        var services = builder.Services;
        services.Configure<PaymentGatewayOptions>(builder.Configuration.GetSection(PaymentGatewayOptions.Section));
        var gateway = builder.Configuration.GetSection(PaymentGatewayOptions.Section).Get<PaymentGatewayOptions>() ?? new PaymentGatewayOptions();
        var dataDir = builder.Configuration.GetSection(StoreOptions.Section).Get<StoreOptions>()?.DataDir ?? Path.Combine(".stormline", Service.Name);
        services.AddSingleton(_ => new GatewayLedger(gateway.LedgerPath ?? Path.Combine(dataDir, "gateway.db")));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<PaymentGateway>();
        services.AddAggregate<Payment, PaymentCommand, PaymentState>();
        services.AddReadModel(PaymentHistoryReadModel.Table, new PaymentHistoryReadModel());
        services.AddSingleton<PaymentPolicies>();
        services.AddEventHandler(new ConsumerRegistration(OrderCreated.Topic, PaymentPolicies.Group,
            sp => sp.GetRequiredService<PaymentPolicies>().Handle, sp => sp.GetRequiredService<PaymentPolicies>().Prepare));

        var app = builder.Build();
        app.MapStormline();
        app.MapPaymentsApi();
        return app;
    }
}
