using Shop.Contracts;
using Stormline.Hosting.Storage;
using Shop.Orders.Domain;
using Shop.Payments.Application;
using Shop.Payments.Gateway;
using Shop.Tests.Infrastructure;
using Stormline.EventSourcing.Streams;
using Stormline.Messaging.Headers;

namespace Shop.Tests.Flow;

/// <summary>"A customer is never charged twice for one order, whatever is redelivered."</summary>
public sealed class RedeliveryTests(FullShop shop)
{
    [Fact]
    public async Task Redelivered_OrderCreated_does_not_charge_twice()
    {
        var api = shop.Api;
        var system = shop.System;
        var orderId = await api.PlaceOrder(ShopApi.NewCustomer());
        await api.WaitForPayment(orderId, "Completed");

        // The exact message the relay published (same event id), and a copy under a new id (a re-publish).
        var created = (await system.Orders!.Get<ServiceStore>().Store.ReadStream(StreamName.For<Order>(orderId), 0, 1, TestContext.Current.CancellationToken)).Single();
        Assert.Equal(nameof(OrderCreated), created.Type);
        var headers = MessageHeaders.For(created, "/shop/orders").ToDictionary(h => h.Key, h => System.Text.Encoding.UTF8.GetString(h.GetValueBytes()));
        var copy = new Dictionary<string, string>(headers) { [MessageHeaders.EventId] = Guid.NewGuid().ToString(), [MessageHeaders.CeId] = Guid.NewGuid().ToString() };
        await system.Kafka.ProduceAsync(OrderCreated.Topic, orderId, created.Data, headers);
        await system.Kafka.ProduceAsync(OrderCreated.Topic, orderId, created.Data, copy);

        // Wait until the payment group has committed past both copies.
        await Eventually.Get(() => system.Kafka.GetGroupLagAsync(PaymentPolicies.Group), lag => lag == 0, "the payment service to consume the redeliveries");
        var payment = await api.Payment(orderId);
        Assert.Equal(["PaymentCompleted"], ShopApi.History(payment));
        Assert.Equal(1, system.Payments!.Get<PaymentGateway>().Charges[orderId]);
        var stream = await system.Payments.Get<ServiceStore>().Store.ReadStream(StreamName.For<Shop.Payments.Domain.Payment>(orderId), 0, 100, TestContext.Current.CancellationToken);
        Assert.Single(stream);
    }
}
