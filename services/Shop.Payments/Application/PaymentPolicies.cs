using System.Data.Common;
using Shop.Contracts;
using Shop.Hosting.Messaging;
using Shop.Payments.Domain;
using Shop.Payments.Gateway;
using Stormline.EventSourcing.Domain;
using Stormline.Messaging.Consuming;

namespace Shop.Payments.Application;

/// <summary>
/// The payment context's policies (model: payment.policies): authorize when OrderCreated, refund when OrderCancelled.
/// Never twice: the inbox drops a redelivered event id, the aggregate asks the gateway only while it has no answer,
/// and the gateway itself is called with the order id as idempotency key (covering a crash between its answer and our append).
/// </summary>
public sealed class PaymentPolicies(AggregateCommands<Payment, PaymentCommand, PaymentState> payments, PaymentGateway gateway, TimeProvider clock)
{
    public const string Group = "payment-service";

    public async Task Handle(ConsumedEvent message, DbTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var context = new CommandContext(message.CorrelationId, message.EventId.ToString());
        switch (message.Event)
        {
            case OrderCreated e:
                if ((await payments.Load(e.OrderId, cancellationToken)).State.Status != PaymentStatus.None) return; // answered before: no second charge
                var decision = await gateway.Authorize(e.OrderId, e.UserId, e.Total, cancellationToken);
                await payments.Handle(e.OrderId, new AuthorizePayment(e.OrderId, e.Total, decision, clock.GetUtcNow()), context, cancellationToken);
                break;
            case OrderCancelled e:
                if ((await payments.Load(e.OrderId, cancellationToken)).State.Status != PaymentStatus.Completed) return;
                await gateway.Refund(e.OrderId, cancellationToken);
                await payments.Handle(e.OrderId, new RefundPayment(e.OrderId, clock.GetUtcNow()), context, cancellationToken);
                break;
        }
    }
}
