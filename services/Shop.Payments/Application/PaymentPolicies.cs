using Shop.Contracts;
using Shop.Payments.Domain;
using Shop.Payments.Gateway;
using Stormline.EventSourcing.Domain;
using Stormline.Hosting.Messaging;
using Stormline.Messaging.Consuming;

namespace Shop.Payments.Application;

/// <summary>
/// The payment context's policies (model: payment.policies): authorize when OrderCreated, refund when OrderCancelled.
/// The gateway is called in <see cref="Prepare"/>, outside any store transaction, with the order id as idempotency
/// key; <see cref="Handle"/> then records its answer in the batch's transaction. Never twice: the inbox drops a
/// redelivered event id, the gateway returns its first answer for a key (covering a crash between its answer and our
/// commit), and the aggregate takes only the first answer.
/// </summary>
public sealed class PaymentPolicies(AggregateCommands<Payment, PaymentCommand, PaymentState> payments, PaymentGateway gateway, TimeProvider clock)
{
    public const string Group = "payment-service";

    /// <summary>The gateway's answer, or null when there is nothing to ask (answered before, nothing to refund).</summary>
    public async Task<object?> Prepare(ConsumedEvent message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        switch (message.Event)
        {
            case OrderCreated e when (await payments.Load(e.OrderId, cancellationToken)).State.Status == PaymentStatus.None:
                return await gateway.Authorize(e.OrderId, e.UserId, e.Total, cancellationToken);
            case OrderCancelled e when (await payments.Load(e.OrderId, cancellationToken)).State.Status == PaymentStatus.Completed:
                await gateway.Refund(e.OrderId, cancellationToken);
                return RefundDone;
            default:
                return null;
        }
    }

    public async Task Handle(ConsumedEvent message, EventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(context);
        var command = new CommandContext(message.CorrelationId, message.EventId.ToString());
        switch (message.Event, context.Prepared)
        {
            case (OrderCreated e, GatewayDecision decision):
                await payments.Handle(e.OrderId, new AuthorizePayment(e.OrderId, e.Total, decision, clock.GetUtcNow()), command, context.Transaction, cancellationToken);
                break;
            case (OrderCancelled e, RefundMarker):
                await payments.Handle(e.OrderId, new RefundPayment(e.OrderId, clock.GetUtcNow()), command, context.Transaction, cancellationToken);
                break;
        }
    }

    private static readonly RefundMarker RefundDone = new();

    private sealed class RefundMarker;
}
