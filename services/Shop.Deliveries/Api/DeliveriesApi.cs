using System.Text.Json;
using Shop.Deliveries.Domain;
using Shop.Deliveries.Projections;
using Stormline.Hosting.Http;
using Stormline.Hosting.Messaging;
using Stormline.Hosting.ReadModels;
using Stormline.Hosting.Storage;
using Stormline.EventSourcing.Domain;
using Stormline.EventSourcing.Streams;

namespace Shop.Deliveries.Api;

/// <summary>GET /deliveries/{orderId} and POST /deliveries/{orderId}/complete (the courier's word).</summary>
public static class DeliveriesApi
{
    public static void MapDeliveriesApi(this WebApplication app)
    {
        var deliveries = app.MapGroup("/deliveries").WithTags("Deliveries");
        deliveries.MapGet("/{orderId}", Get).Produces<DeliveryResponse>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The delivery of an order: status, address, tracking number, history.");
        deliveries.MapPost("/{orderId}/complete", Complete).Accepts<CompleteDeliveryRequest>("application/json")
            .Produces<DeliveryStatusResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Record that the parcel arrived; the body is optional.");
    }

    private static async Task<IResult> Get(string orderId, DocumentProjection<DeliveryView> tracking, ProjectionService projections, ServiceStore store, CancellationToken ct)
    {
        var lag = await projections.Lag(tracking.Name, ct);
        await using (var connection = await store.OpenRead(ct))
            if (await tracking.Read(connection, orderId, ct) is { } view)
                return TypedResults.Ok(new DeliveryResponse(view, lag, "readModel"));
        return await tracking.Replay(store.Store, StreamName.For<Delivery>(orderId), ct) is { } replayed
            ? TypedResults.Ok(new DeliveryResponse(replayed, lag, "eventStore"))
            : Problems.NotFound("Delivery", orderId);
    }

    private static async Task<IResult> Complete(string orderId, HttpRequest request, AggregateCommands<Delivery, DeliveryCommand, DeliveryState> deliveries, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.Read(request, optional: true, ct);
        if (problem is not null) return problem;
        string? receivedBy = null;
        if (body!["receivedBy"] is { } node)
        {
            if (node.GetValueKind() != JsonValueKind.String || node.GetValue<string>().Trim() is not { Length: > 0 and <= 200 } name)
                return Problems.Invalid("receivedBy", $"must be a string of 1 to 200 characters, got {node.GetValueKind().ToString().ToLowerInvariant()}");
            receivedBy = name;
        }

        if ((await deliveries.Load(orderId, ct)).State.Status == DeliveryStatus.None) return Problems.NotFound("Delivery", orderId);
        try
        {
            var result = await deliveries.Handle(orderId, new CompleteDelivery(orderId, receivedBy, DateTimeOffset.UtcNow),
                new CommandContext(orderId, request.HttpContext.TraceIdentifier), ct);
            return TypedResults.Ok(new DeliveryStatusResponse(orderId, result.State.Status.ToString()));
        }
        catch (CommandRejectedException e)
        {
            return Problems.Conflict(e.Message);
        }
    }
}

public sealed record CompleteDeliveryRequest(string? ReceivedBy);

public sealed record DeliveryResponse(DeliveryView Delivery, long Lag, string Source);

public sealed record DeliveryStatusResponse(string OrderId, string Status);
