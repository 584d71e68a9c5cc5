using System.Net;
using Shop.Payments.Gateway;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.Flow;

/// <summary>Orders, Payments and Deliveries talking only through the embedded Kafka broker.</summary>
public sealed class SagaFlowTests(FullShop shop)
{
    private ShopApi Api => shop.Api;

    [Fact]
    public async Task Order_is_paid_shipped_and_delivered_through_all_three_services()
    {
        var orderId = await Api.PlaceOrder(ShopApi.NewCustomer());

        var shipped = await Api.WaitForOrder(orderId, "Shipped");
        var payment = await Api.WaitForPayment(orderId, "Completed");
        Assert.Equal(25.00m, (decimal)payment!["amount"]!);
        Assert.Equal($"pay-{orderId}", (string?)shipped!["paymentId"]);
        await Api.WaitForDelivery(orderId, "Started");

        var complete = await Api.Deliveries.PostAsync($"/deliveries/{orderId}/complete", ShopApi.Json("""{"receivedBy": "Kim"}"""));
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);

        var delivered = await Api.WaitForOrder(orderId, "Delivered");
        // Payment and delivery travel on different topics, so Paid and Shipped may land in either order; all four are there once.
        Assert.Equal(["OrderCreated", "OrderDelivered", "OrderPaid", "OrderShipped"], ShopApi.History(delivered!).Order(StringComparer.Ordinal));
        Assert.Equal("Kim", (string?)(await Api.WaitForDelivery(orderId, "Completed"))!["receivedBy"]);
        Assert.Equal(1, shop.System.Payments!.Get<PaymentGateway>().Charges[orderId]);
    }

    [Fact]
    public async Task Declined_payment_cancels_the_order_as_compensation_and_nothing_ships()
    {
        var orderId = await Api.PlaceOrder(ShopApi.NewCustomer("decline"));

        var cancelled = await Api.WaitForOrder(orderId, "Cancelled");
        Assert.Equal("PaymentFailed", (string?)cancelled!["cancelReason"]);
        Assert.Equal("declined by the card issuer", (string?)cancelled["cancelDetail"]);
        Assert.Equal("Failed", ShopApi.Status(await Api.Payment(orderId)));
        Assert.Null(await Api.Delivery(orderId));
        Assert.False(shop.System.Payments!.Get<PaymentGateway>().Charges.ContainsKey(orderId));
    }

    [Fact]
    public async Task Order_over_the_customer_limit_is_declined()
    {
        var orderId = await Api.PlaceOrder(ShopApi.NewCustomer(), quantity: 3, unitPrice: 4000m);

        var cancelled = await Api.WaitForOrder(orderId, "Cancelled");
        Assert.Contains("limit", (string?)cancelled!["cancelDetail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_after_shipping_is_refused_with_409_and_changes_nothing()
    {
        var orderId = await Api.PlaceOrder(ShopApi.NewCustomer());
        var shipped = await Api.WaitForOrder(orderId, "Shipped");

        var response = await Api.Orders.PostAsync($"/orders/{orderId}/cancel", null);

        await ProblemAssert.Is(response, HttpStatusCode.Conflict, "can no longer be cancelled");
        var after = await Api.Order(orderId);
        Assert.Equal("Shipped", ShopApi.Status(after));
        Assert.Equal(ShopApi.History(shipped!), ShopApi.History(after!));
        Assert.Equal("Started", ShopApi.Status((System.Text.Json.Nodes.JsonObject?)(await Api.Delivery(orderId))!["delivery"]));
    }
}
