using Shop.Contracts;
using Stormline.Hosting.Messaging;
using Shop.Orders.Domain;
using Stormline.EventSourcing.Domain;
using Stormline.Messaging.Consuming;

namespace Shop.Orders.Application;

/// <summary>
/// The order context's policies (model: order.policies): paid when PaymentCompleted, cancelled as compensation when
/// PaymentFailed, shipped when DeliveryStarted, delivered when DeliveryCompleted. They run in the consumer batch's
/// transaction with its inbox marks, so each event's command takes effect once.
/// </summary>
public sealed class OrderPolicies(AggregateCommands<Order, OrderCommand, OrderState> orders)
{
    public const string PaymentsGroup = "order-service";
    public const string DeliveriesGroup = "order-service-deliveries";

    public Task Handle(ConsumedEvent message, EventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(context);
        OrderCommand? command = message.Event switch
        {
            PaymentCompleted e => new MarkOrderPaid(e.OrderId, e.PaymentId, e.CompletedAt),
            PaymentFailed e => new CancelOrder(e.OrderId, CancelReason.PaymentFailed, e.Reason, e.FailedAt, OnlyIfUnpaid: true),
            DeliveryStarted e => new MarkOrderShipped(e.OrderId, e.DeliveryId, e.StartedAt),
            DeliveryCompleted e => new MarkOrderDelivered(e.OrderId, e.CompletedAt),
            _ => null, // PaymentRefunded, DeliveryCancelled: nothing to do for the order
        };
        return command is null ? Task.CompletedTask
            : orders.Handle(command.OrderId, command, new CommandContext(message.CorrelationId, message.EventId.ToString()), context.Transaction, cancellationToken);
    }
}
