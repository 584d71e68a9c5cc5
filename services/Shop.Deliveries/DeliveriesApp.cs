using Shop.Contracts;
using Shop.Deliveries.Api;
using Shop.Deliveries.Application;
using Shop.Deliveries.Domain;
using Shop.Deliveries.Projections;
using Shop.Hosting;
using Shop.Hosting.Messaging;
using Shop.Hosting.Storage;

namespace Shop.Deliveries;

/// <summary>The Deliveries service, built from configuration (appsettings.json, environment variables, command line).</summary>
public static class DeliveriesApp
{
    public static readonly ShopService Service = new("deliveries", "Shop.Deliveries");

    public static async Task<WebApplication> Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        var stores = await builder.AddShopDefaults(Service);
        await stores.Events.InTransaction((tx, ct) => Sql.Execute(tx, DeliveryTrackingReadModel.Table.CreateSql, ct), CancellationToken.None);
        await stores.Process.InTransaction((tx, ct) => Sql.Execute(tx, DeliveryRequests.CreateSql, ct), CancellationToken.None);

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AggregateCommands<Delivery, DeliveryCommand, DeliveryState>>();
        services.AddShopProjection(DeliveryTrackingReadModel.Table, new DeliveryTrackingReadModel());
        services.AddSingleton<DeliveryPolicies>();
        services.AddShopConsumer(new ConsumerRegistration(PaymentCompleted.Topic, DeliveryPolicies.PaymentsGroup, sp => sp.GetRequiredService<DeliveryPolicies>().Handle));
        services.AddShopConsumer(new ConsumerRegistration(OrderCreated.Topic, DeliveryPolicies.OrdersGroup, sp => sp.GetRequiredService<DeliveryPolicies>().Handle));

        var app = builder.Build();
        app.MapShopDefaults();
        app.MapDeliveriesApi();
        return app;
    }
}
