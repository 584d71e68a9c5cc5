using System.Net;
using Shop.Payments.Gateway;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.Flow;

/// <summary>Compensations that need a step of the saga held back, each on a shop of its own: a service starts late.</summary>
public sealed class CompensationTests
{
    [Fact]
    public async Task Cancel_after_payment_refunds_and_the_late_delivery_is_cancelled()
    {
        await using var system = await ShopSystem.Start(deliveries: false); // nothing ships yet
        var api = new ShopApi(system);
        var orderId = await api.PlaceOrder(ShopApi.NewCustomer());
        await api.WaitForOrder(orderId, "Paid");

        var cancel = await api.Orders.PostAsync($"/orders/{orderId}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);

        var refunded = await api.WaitForPayment(orderId, "Refunded");
        Assert.Equal(25.00m, (decimal)refunded!["refundedAmount"]!);
        var gateway = system.Payments!.Get<PaymentGateway>();
        Assert.Equal((1, 1), (gateway.Charges[orderId], gateway.Refunds[orderId]));

        // Deliveries now sees PaymentCompleted then PaymentRefunded: whatever it started, it cancels.
        await system.StartDeliveries();
        var delivery = await api.WaitForDelivery(orderId, "Cancelled");
        var complete = await api.Deliveries.PostAsync($"/deliveries/{orderId}/complete", null);
        await ProblemAssert.Is(complete, HttpStatusCode.Conflict, "cancelled");
        var order = await api.WaitForOrder(orderId, "Cancelled");
        Assert.Equal("CustomerRequest", (string?)order!["cancelReason"]);
        Assert.NotNull(delivery);
    }

    [Fact]
    public async Task Payment_that_never_answers_cancels_the_order_at_its_deadline_and_a_late_payment_is_refunded()
    {
        await using var system = await ShopSystem.Start(payments: false, deliveries: false, settings: "Orders:PaymentDeadline=00:00:01");
        var api = new ShopApi(system);
        var orderId = await api.PlaceOrder(ShopApi.NewCustomer());

        var cancelled = await api.WaitForOrder(orderId, "Cancelled");
        Assert.Equal("PaymentFailed", (string?)cancelled!["cancelReason"]);
        Assert.Contains("deadline", (string?)cancelled["cancelDetail"], StringComparison.Ordinal);

        // The payment service comes back: it charges (it cannot know yet), then sees the cancellation and refunds.
        await system.StartPayments();
        await api.WaitForPayment(orderId, "Refunded");
        var order = await api.Order(orderId);
        Assert.Equal("Cancelled", ShopApi.Status(order));
        Assert.Equal(["OrderCreated", "OrderCancelled"], ShopApi.History(order!));
    }
}
