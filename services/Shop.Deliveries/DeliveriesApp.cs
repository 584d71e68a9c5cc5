using Shop.Contracts;
using Shop.Deliveries.Api;
using Shop.Deliveries.Application;
using Shop.Deliveries.Domain;
using Shop.Deliveries.Projections;
using Shop.Hosting;
using Stormline.Hosting;
using Stormline.Hosting.Messaging;
using Stormline.Hosting.Storage;

namespace Shop.Deliveries;

/// <summary>The Deliveries service, built from configuration (appsettings.json, environment variables, command line).</summary>
public static class DeliveriesApp
{
    public static readonly ServiceIdentity Service = ShopHosting.Service("deliveries", "Shop.Deliveries");

    public static async Task<WebApplication> Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        var store = await builder.AddShopDefaults(Service);
        await store.ReadModels.Create(DeliveryTrackingReadModel.Table, CancellationToken.None);
        await store.Store.Migrate(DeliveryRequests.CreateSql, CancellationToken.None);

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddAggregate<Delivery, DeliveryCommand, DeliveryState>();
        services.AddReadModel(DeliveryTrackingReadModel.Table, new DeliveryTrackingReadModel());
        services.AddSingleton<DeliveryPolicies>();
        services.AddEventHandler(new ConsumerRegistration(PaymentCompleted.Topic, DeliveryPolicies.PaymentsGroup, sp => sp.GetRequiredService<DeliveryPolicies>().Handle));
        services.AddEventHandler(new ConsumerRegistration(OrderCreated.Topic, DeliveryPolicies.OrdersGroup, sp => sp.GetRequiredService<DeliveryPolicies>().Handle));

        var app = builder.Build();
        app.MapStormline();
        app.MapDeliveriesApi();
        return app;
    }
}
