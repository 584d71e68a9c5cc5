using Stormline.Hosting.Http;
using Stormline.Hosting.ReadModels;
using Stormline.Hosting.Storage;
using Shop.Payments.Domain;
using Shop.Payments.Gateway;
using Shop.Payments.Projections;
using Stormline.EventSourcing.Streams;

namespace Shop.Payments.Api;

/// <summary>GET /payments/{orderId}: the payment of an order, from the PaymentHistory read model.</summary>
public static class PaymentsApi
{
    public static void MapPaymentsApi(this WebApplication app)
    {
        app.MapGet("/payments/{orderId}", Get).WithTags("Payments").Produces<PaymentResponse>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The payment of an order: status, amount, approval or failure reason, refund, history.");
        app.MapGet("/gateway/ledger", (PaymentGateway gateway) => TypedResults.Ok(new GatewayLedgerResponse(gateway.Charges, gateway.Refunds)))
            .WithTags("Payment gateway (simulated)")
            .WithSummary("The simulated gateway's own books: approved charges and refunds per idempotency key (the order id), to check that nobody paid twice.");
    }

    private static async Task<IResult> Get(string orderId, DocumentProjection<PaymentView> history, ProjectionService projections, ServiceStore store, CancellationToken ct)
    {
        var lag = await projections.Lag(history.Name, ct);
        await using (var connection = await store.OpenRead(ct))
            if (await history.Read(connection, orderId, ct) is { } view)
                return TypedResults.Ok(new PaymentResponse(view, lag, "readModel"));
        return await history.Replay(store.Store, StreamName.For<Payment>(orderId), ct) is { } replayed
            ? TypedResults.Ok(new PaymentResponse(replayed, lag, "eventStore"))
            : Problems.NotFound("Payment", orderId);
    }
}

public sealed record GatewayLedgerResponse(IReadOnlyDictionary<string, int> Charges, IReadOnlyDictionary<string, int> Refunds);

public sealed record PaymentResponse(PaymentView Payment, long Lag, string Source);
