using Shop.Contracts;
using Shop.Hosting;
using Stormline.Hosting;
using Stormline.Hosting.Messaging;
using Stormline.Hosting.Storage;
using Shop.Orders.Api;
using Shop.Orders.Application;
using Shop.Orders.Domain;
using Shop.Orders.Projections;
using Stormline.EventSourcing.Domain;
using Stormline.EventSourcing.Sagas;

namespace Shop.Orders;

/// <summary>The Orders service, built from configuration (appsettings.json, environment variables, command line).</summary>
public static class OrdersApp
{
    public static readonly ServiceIdentity Service = ShopHosting.Service("orders", "Shop.Orders");

    public static async Task<WebApplication> Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        var store = await builder.AddShopDefaults(Service);
        await store.ReadModels.Create(OrderSummaryReadModel.Table, CancellationToken.None);

        var services = builder.Services;
        services.Configure<OrdersOptions>(builder.Configuration.GetSection(OrdersOptions.Section));
        var options = builder.Configuration.GetSection(OrdersOptions.Section).Get<OrdersOptions>() ?? new OrdersOptions();
        services.AddAggregate<Order, OrderCommand, OrderState>();
        services.AddReadModel(OrderSummaryReadModel.Table, new OrderSummaryReadModel());
        services.AddSingleton<OrderPolicies>();
        services.AddEventHandler(new ConsumerRegistration(PaymentCompleted.Topic, OrderPolicies.PaymentsGroup, sp => sp.GetRequiredService<OrderPolicies>().Handle));
        services.AddEventHandler(new ConsumerRegistration(DeliveryStarted.Topic, OrderPolicies.DeliveriesGroup, sp => sp.GetRequiredService<OrderPolicies>().Handle));

        // The payment deadline: fed from the Orders log; its state, its timers and the CancelOrder it sends commit in
        // the feed's (or the timer's) transaction.
        services.AddSingleton(sp =>
        {
            var orders = sp.GetRequiredService<AggregateCommands<Order, OrderCommand, OrderState>>();
            return new SagaRunner<PaymentDeadline, PaymentDeadlineState>(store.Store, (command, tx, ct) =>
            {
                var cancel = (CancelOrder)command;
                return orders.Handle(cancel.OrderId, cancel, new CommandContext(cancel.OrderId, PaymentDeadline.Name), tx, ct);
            });
        });
        services.AddLogFeed(PaymentDeadline.Name, sp =>
        {
            var saga = sp.GetRequiredService<SagaRunner<PaymentDeadline, PaymentDeadlineState>>();
            return (e, tx, ct) => saga.Handle(e is OrderCreated created ? new PaymentAwaited(created.OrderId, created.CreatedAt + options.PaymentDeadline) : e, tx, ct);
        });
        services.AddTimer(PaymentDeadline.Name, options.DeadlineCheckInterval,
            sp => sp.GetRequiredService<SagaRunner<PaymentDeadline, PaymentDeadlineState>>().FireDueDeadlines);

        var app = builder.Build();
        app.MapStormline();
        app.MapOrdersApi();
        return app;
    }
}
