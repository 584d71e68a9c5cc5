using Shop.Contracts;
using Shop.Hosting;
using Shop.Hosting.Messaging;
using Shop.Hosting.Storage;
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
    public static readonly ShopService Service = new("orders", "Shop.Orders");

    public static async Task<WebApplication> Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        var stores = await builder.AddShopDefaults(Service);
        await stores.Events.InTransaction((tx, ct) => Sql.Execute(tx, OrderSummaryReadModel.Table.CreateSql, ct), CancellationToken.None);

        var services = builder.Services;
        services.Configure<OrdersOptions>(builder.Configuration.GetSection(OrdersOptions.Section));
        var options = builder.Configuration.GetSection(OrdersOptions.Section).Get<OrdersOptions>() ?? new OrdersOptions();
        services.AddSingleton<AggregateCommands<Order, OrderCommand, OrderState>>();
        services.AddShopProjection(OrderSummaryReadModel.Table, new OrderSummaryReadModel());
        services.AddSingleton<OrderPolicies>();
        services.AddShopConsumer(new ConsumerRegistration(PaymentCompleted.Topic, OrderPolicies.PaymentsGroup, sp => sp.GetRequiredService<OrderPolicies>().Handle));
        services.AddShopConsumer(new ConsumerRegistration(DeliveryStarted.Topic, OrderPolicies.DeliveriesGroup, sp => sp.GetRequiredService<OrderPolicies>().Handle));

        // The payment deadline: fed from the Orders log, its state and timers in the process store.
        services.AddSingleton(sp =>
        {
            var orders = sp.GetRequiredService<AggregateCommands<Order, OrderCommand, OrderState>>();
            return new SagaRunner<PaymentDeadline, PaymentDeadlineState>(stores.Process, (command, _, ct) =>
            {
                var cancel = (CancelOrder)command;
                return orders.Handle(cancel.OrderId, cancel, new CommandContext(cancel.OrderId, PaymentDeadline.Name), ct);
            });
        });
        services.AddShopLogFeed(PaymentDeadline.Name, sp =>
        {
            var saga = sp.GetRequiredService<SagaRunner<PaymentDeadline, PaymentDeadlineState>>();
            return (e, ct) => saga.Handle(e is OrderCreated created ? new PaymentAwaited(created.OrderId, created.CreatedAt + options.PaymentDeadline) : e, ct);
        });
        services.AddShopTimer(PaymentDeadline.Name, options.DeadlineCheckInterval,
            sp => sp.GetRequiredService<SagaRunner<PaymentDeadline, PaymentDeadlineState>>().FireDueDeadlines);

        var app = builder.Build();
        app.MapShopDefaults();
        app.MapOrdersApi();
        return app;
    }
}
