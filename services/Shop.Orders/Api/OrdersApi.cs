using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Shop.Contracts;
using Stormline.Hosting.Http;
using Stormline.Hosting.Messaging;
using Stormline.Hosting.ReadModels;
using Stormline.Hosting.Storage;
using Shop.Orders.Domain;
using Shop.Orders.Projections;
using Stormline.EventSourcing.Domain;

namespace Shop.Orders.Api;

/// <summary>POST /orders, GET /orders/{id}, GET /orders?status=&amp;customer=&amp;page=&amp;pageSize=, POST /orders/{id}/cancel.</summary>
public static class OrdersApi
{
    public static void MapOrdersApi(this WebApplication app)
    {
        var orders = app.MapGroup("/orders").WithTags("Orders");
        orders.MapPost("/", Create).Accepts<CreateOrderRequest>("application/json")
            .Produces<OrderCreatedResponse>(StatusCodes.Status201Created).ProducesValidationProblem()
            .WithSummary("Place an order; Idempotency-Key makes a retry return the same order.");
        orders.MapGet("/{orderId}", Get).Produces<OrderView>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("An order's status, history and how far the read model lags.");
        orders.MapGet("/", List).Produces<OrderPage>().ProducesValidationProblem()
            .WithSummary("Orders by status and customer, newest first, paged.");
        orders.MapPost("/{orderId}/cancel", Cancel).Produces<OrderStatusResponse>().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Cancel an order; allowed until it ships.");
    }

    private static async Task<IResult> Create(HttpRequest request, AggregateCommands<Order, OrderCommand, OrderState> commands, IOptions<OrdersOptions> options, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.Read(request, optional: false, ct);
        if (problem is not null) return problem;
        var (parsed, errors) = CreateOrderRequest.Parse(body!, options.Value.MaxLines);
        if (parsed is null) return Problems.Invalid(errors);

        var key = request.Headers["Idempotency-Key"].FirstOrDefault();
        var orderId = string.IsNullOrWhiteSpace(key) ? Guid.CreateVersion7().ToString() : IdFromKey(key);
        var command = new CreateOrder(orderId, parsed.CustomerId, [.. parsed.Lines.Select(l => l.ToContract())],
            parsed.Currency ?? options.Value.Currency, parsed.Address(), DateTimeOffset.UtcNow);
        try
        {
            await commands.Handle(orderId, command, new CommandContext(orderId, request.HttpContext.TraceIdentifier), ct);
        }
        catch (CommandRejectedException) when (key is not null)
        {
            // the same Idempotency-Key again: the order exists already, answer as the first time did
            return TypedResults.Ok(new OrderCreatedResponse(orderId));
        }
        return TypedResults.Created($"/orders/{orderId}", new OrderCreatedResponse(orderId));
    }

    private static async Task<IResult> Get(string orderId, DocumentProjection<OrderSummary> summaries, ProjectionService projections, ServiceStore store, CancellationToken ct)
    {
        var lag = await projections.Lag(summaries.Name, ct);
        await using (var connection = await store.OpenRead(ct))
            if (await summaries.Read(connection, orderId, ct) is { } summary)
                return TypedResults.Ok(OrderView.From(summary, lag, "readModel"));

        // Not projected yet (just created): answer from the event store rather than a false 404.
        return await summaries.Replay(store.Store, Stormline.EventSourcing.Streams.StreamName.For<Order>(orderId), ct) is { } replayed
            ? TypedResults.Ok(OrderView.From(replayed, lag, "eventStore"))
            : Problems.NotFound("Order", orderId);
    }

    private static async Task<IResult> List(HttpRequest request, DocumentProjection<OrderSummary> summaries, ProjectionService projections, ServiceStore store, CancellationToken ct)
    {
        var query = request.Query;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        OrderStatus? status = null;
        if (query["status"].FirstOrDefault() is { Length: > 0 } s)
        {
            if (Enum.TryParse<OrderStatus>(s, ignoreCase: true, out var parsed) && parsed != OrderStatus.None && !int.TryParse(s, out _)) status = parsed;
            else errors["status"] = [$"must be one of Created, Paid, Shipped, Delivered, Cancelled; got '{s}'"];
        }
        var page = PositiveInt(query["page"].FirstOrDefault(), "page", 1, int.MaxValue / 1000, errors) ?? 1;
        var pageSize = PositiveInt(query["pageSize"].FirstOrDefault(), "pageSize", 20, 100, errors) ?? 20;
        if (errors.Count > 0) return Problems.Invalid(errors);

        var customer = query["customer"].FirstOrDefault() is { Length: > 0 } c ? c : null;
        var lag = await projections.Lag(summaries.Name, ct);
        await using var connection = await store.OpenRead(ct);
        var (documents, total) = await summaries.Page(connection, status?.ToString(), customer, page, pageSize, ct);
        var items = documents.Select(d => OrderView.From(System.Text.Json.JsonSerializer.Deserialize<OrderSummary>(d, DocumentProjection<OrderSummary>.Json)!, lag, "readModel")).ToList();
        return TypedResults.Ok(new OrderPage(items, page, pageSize, total, new ReadModelInfo(lag, "readModel")));
    }

    private static async Task<IResult> Cancel(string orderId, HttpRequest request, AggregateCommands<Order, OrderCommand, OrderState> commands, CancellationToken ct)
    {
        var loaded = await commands.Load(orderId, ct);
        if (loaded.State.Status == OrderStatus.None) return Problems.NotFound("Order", orderId);
        try
        {
            var result = await commands.Handle(orderId, new CancelOrder(orderId, CancelReason.CustomerRequest, "cancelled by the customer", DateTimeOffset.UtcNow),
                new CommandContext(orderId, request.HttpContext.TraceIdentifier), ct);
            return TypedResults.Ok(new OrderStatusResponse(orderId, result.State.Status.ToString()));
        }
        catch (CommandRejectedException e)
        {
            return Problems.Conflict(e.Message);
        }
    }

    private static int? PositiveInt(string? text, string name, int fallback, int max, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text)) return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= max) return value;
        errors[name] = [$"must be an integer from 1 to {max}; got '{text}'"];
        return null;
    }

    /// <summary>A stable order id per Idempotency-Key, so a retried POST lands on the same stream.</summary>
    private static string IdFromKey(string key) => new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16)).ToString();
}
