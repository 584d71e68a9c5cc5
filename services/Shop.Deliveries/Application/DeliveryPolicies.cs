using Shop.Contracts;
using Shop.Deliveries.Domain;
using Stormline.Hosting.Messaging;
using Stormline.EventSourcing.Domain;
using Stormline.Messaging.Consuming;

namespace Shop.Deliveries.Application;

/// <summary>
/// The delivery context's policies (model: delivery.policies): start a delivery when its order is paid (and its address
/// known), cancel it when the payment is refunded (the order was cancelled before it shipped).
/// </summary>
public sealed class DeliveryPolicies(AggregateCommands<Delivery, DeliveryCommand, DeliveryState> deliveries, TimeProvider clock)
{
    public const string PaymentsGroup = "delivery-service";
    public const string OrdersGroup = "delivery-service-orders";

    public async Task Handle(ConsumedEvent message, EventContext batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(batch);
        var transaction = batch.Transaction;
        var context = new CommandContext(message.CorrelationId, message.EventId.ToString());
        switch (message.Event)
        {
            case OrderCreated e:
                if (await DeliveryRequests.RecordAddress(transaction, e.OrderId, new AwaitedDelivery(e.UserId, e.ShippingAddress), cancellationToken))
                    await deliveries.Handle(e.OrderId, new StartDelivery(e.OrderId, e.UserId, e.ShippingAddress, clock.GetUtcNow()), context, transaction, cancellationToken);
                break;
            case PaymentCompleted e:
                if (await DeliveryRequests.RecordPayment(transaction, e.OrderId, e.PaymentId, cancellationToken) is { } awaited)
                    await deliveries.Handle(e.OrderId, new StartDelivery(e.OrderId, awaited.UserId, awaited.Address, clock.GetUtcNow()), context, transaction, cancellationToken);
                break;
            case PaymentRefunded e:
                await deliveries.Handle(e.OrderId, new CancelDelivery(e.OrderId, "the order was cancelled and its payment refunded", clock.GetUtcNow()), context, transaction, cancellationToken);
                break;
        }
    }
}
