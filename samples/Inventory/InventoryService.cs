using Stormline.EventSourcing.Domain;
using Stormline.EventSourcing.Serialization;
using Stormline.Hosting;
using Stormline.Hosting.Messaging;

namespace Inventory;

/// <summary>An event another service publishes on "order-events" that this one reacts to.</summary>
public sealed record OrderPlaced(string OrderId, string Sku, int Quantity);

/// <summary>The whole service: stock by HTTP, a reservation for every order placed, its events on "inventory-events".</summary>
public static class InventoryService
{
    public static async Task<WebApplication> Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var events = new EventTypeRegistry()
            .Register<StockAdded>("StockAdded").Register<StockReserved>("StockReserved")
            .Register<ReservationRejected>("ReservationRejected").Register<OrderPlaced>("OrderPlaced");
        await builder.AddStormline(new ServiceIdentity("inventory", "Inventory"), events, topicOf: _ => "inventory-events");
        builder.Services.AddAggregate<Stock, StockCommand, StockState>();

        // Policy: when an order is placed, reserve its stock. Runs in the consumer batch's transaction, with the
        // inbox mark: a redelivered OrderPlaced changes nothing.
        builder.Services.AddEventHandler(new ConsumerRegistration("order-events", "inventory-service", sp =>
        {
            var stock = sp.GetRequiredService<AggregateCommands<Stock, StockCommand, StockState>>();
            return (message, context, ct) => message.Event is OrderPlaced e
                ? stock.Handle(e.Sku, new Reserve(e.OrderId, e.Quantity), new CommandContext(e.OrderId, message.EventId.ToString()), context.Transaction, ct)
                : Task.CompletedTask;
        }));

        var app = builder.Build();
        app.MapStormline(); // health, metrics, OpenAPI, problem details
        app.MapPost("/stock/{sku}", async (string sku, int quantity, AggregateCommands<Stock, StockCommand, StockState> stock, CancellationToken ct) =>
        {
            try
            {
                var result = await stock.Handle(sku, new AddStock(quantity), CommandContext.None, ct);
                return Results.Ok(new { sku, available = result.State.Available });
            }
            catch (CommandRejectedException e)
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
            }
        });
        app.MapGet("/stock/{sku}", async (string sku, AggregateCommands<Stock, StockCommand, StockState> stock, CancellationToken ct) =>
            (await stock.Load(sku, ct)) is { Version: >= 0 } loaded ? Results.Ok(new { sku, available = loaded.State.Available }) : Results.NotFound());
        return app;
    }
}
