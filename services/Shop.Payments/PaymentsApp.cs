using Shop.Contracts;
using Shop.Hosting;
using Shop.Hosting.Messaging;
using Shop.Hosting.Storage;
using Shop.Payments.Api;
using Shop.Payments.Application;
using Shop.Payments.Domain;
using Shop.Payments.Gateway;
using Shop.Payments.Projections;

namespace Shop.Payments;

/// <summary>The Payments service, built from configuration (appsettings.json, environment variables, command line).</summary>
public static class PaymentsApp
{
    public static readonly ShopService Service = new("payments", "Shop.Payments");

    public static async Task<WebApplication> Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        var stores = await builder.AddShopDefaults(Service);
        await stores.Events.InTransaction((tx, ct) => Sql.Execute(tx, PaymentHistoryReadModel.Table.CreateSql, ct), CancellationToken.None);

        var services = builder.Services;
        services.Configure<PaymentGatewayOptions>(builder.Configuration.GetSection(PaymentGatewayOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<PaymentGateway>();
        services.AddSingleton<AggregateCommands<Payment, PaymentCommand, PaymentState>>();
        services.AddShopProjection(PaymentHistoryReadModel.Table, new PaymentHistoryReadModel());
        services.AddSingleton<PaymentPolicies>();
        services.AddShopConsumer(new ConsumerRegistration(OrderCreated.Topic, PaymentPolicies.Group, sp => sp.GetRequiredService<PaymentPolicies>().Handle));

        var app = builder.Build();
        app.MapShopDefaults();
        app.MapPaymentsApi();
        return app;
    }
}
