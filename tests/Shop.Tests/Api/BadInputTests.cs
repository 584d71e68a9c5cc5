using System.Net;
using Shop.Contracts;
using Stormline.Hosting.Storage;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.Api;

/// <summary>Bad input on every endpoint: 4xx problem+json naming the problem, and nothing stored.</summary>
public sealed class BadInputTests(FullShop shop)
{
    private ShopApi Api => shop.Api;

    public static TheoryData<string, string> BadOrders => new()
    {
        { """{"customerId": "CUSTOMER", "lines": [{"sku": "a", "quantity": 1, "unitPrice": 1}""", "not valid JSON" },
        { """[{"customerId": "CUSTOMER"}]""", "must be a JSON object" },
        { "", "is empty" },
        { """{"customerId": "CUSTOMER"}""", "lines" },
        { """{"customerId": "CUSTOMER", "lines": []}""", "lines" },
        { """{"customerId": "CUSTOMER", "lines": "book"}""", "lines" },
        { """{"customerId": "CUSTOMER", "lines": [{"sku": "a", "quantity": 0, "unitPrice": 1}]}""", "lines[0].quantity" },
        { """{"customerId": "CUSTOMER", "lines": [{"sku": "a", "quantity": -2, "unitPrice": 1}]}""", "lines[0].quantity" },
        { """{"customerId": "CUSTOMER", "lines": [{"sku": "a", "quantity": 1.5, "unitPrice": 1}]}""", "lines[0].quantity" },
        { """{"customerId": "CUSTOMER", "lines": [{"sku": "a", "quantity": "2", "unitPrice": 1}]}""", "lines[0].quantity" },
        { """{"customerId": "CUSTOMER", "lines": [{"sku": "a", "quantity": 100001, "unitPrice": 1}]}""", "lines[0].quantity" },
        { """{"customerId": "CUSTOMER", "lines": [{"sku": "a", "quantity": 1, "unitPrice": 0}]}""", "lines[0].unitPrice" },
        { """{"customerId": "CUSTOMER", "lines": [{"sku": "a", "quantity": 1, "unitPrice": 1e30}]}""", "lines[0].unitPrice" },
        { """{"customerId": "CUSTOMER", "lines": [{"sku": "a", "quantity": 1, "unitPrice": -3.5}]}""", "lines[0].unitPrice" },
        { """{"customerId": "CUSTOMER", "lines": [{"sku": "a", "quantity": 1, "unitPrice": "cheap"}]}""", "lines[0].unitPrice" },
        { """{"customerId": "CUSTOMER", "lines": [{"quantity": 1, "unitPrice": 1}]}""", "lines[0].sku" },
        { """{"customerId": "CUSTOMER", "lines": [{"sku": "a", "quantity": 1, "unitPrice": 1}, 7]}""", "lines[1]" },
        { """{"customerId": 42, "lines": [{"sku": "a", "quantity": 1, "unitPrice": 1}]}""", "customerId" },
        { """{"lines": [{"sku": "a", "quantity": 1, "unitPrice": 1}]}""", "customerId" },
        { """{"customerId": "CUSTOMER", "currency": "euro", "lines": [{"sku": "a", "quantity": 1, "unitPrice": 1}]}""", "currency" },
        { """{"customerId": "CUSTOMER", "shippingAddress": "home", "lines": [{"sku": "a", "quantity": 1, "unitPrice": 1}]}""", "shippingAddress" },
        { """{"customerId": "CUSTOMER", "shippingAddress": {"recipient": "Kim"}, "lines": [{"sku": "a", "quantity": 1, "unitPrice": 1}]}""", "shippingAddress.street" },
        { "{\"customerId\": \"CUSTOMER\", \"lines\": [" + string.Join(",", Enumerable.Repeat("""{"sku": "a", "quantity": 1, "unitPrice": 1}""", 51)) + "]}", "at most 50 lines" },
    };

    [Theory]
    [MemberData(nameof(BadOrders))]
    public async Task Bad_order_is_refused_with_400_naming_the_field_and_nothing_is_stored(string body, string names)
    {
        var customer = ShopApi.NewCustomer("bad");
        var response = await Api.Orders.PostAsync("/orders", ShopApi.Json(body.Replace("CUSTOMER", customer, StringComparison.Ordinal)));

        await ProblemAssert.Is(response, HttpStatusCode.BadRequest, names);
        var stored = await shop.System.Orders!.Get<ServiceStore>().Store.ReadAll(1, int.MaxValue, TestContext.Current.CancellationToken);
        Assert.DoesNotContain(stored, e => e.Type == nameof(OrderCreated) && e.Data.Contains(customer, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Order_body_that_is_not_json_is_refused_with_415()
    {
        var response = await Api.Orders.PostAsync("/orders", new StringContent("customerId=c-1", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        await ProblemAssert.Is(response, HttpStatusCode.UnsupportedMediaType, "Unsupported Media Type");
    }

    [Theory]
    [InlineData("/orders?status=Lost", "status")]
    [InlineData("/orders?status=0", "status")]
    [InlineData("/orders?page=0", "page")]
    [InlineData("/orders?page=abc", "page")]
    [InlineData("/orders?pageSize=1000", "pageSize")]
    [InlineData("/orders?pageSize=-1", "pageSize")]
    public async Task Bad_order_query_is_refused_with_400_naming_the_parameter(string path, string names) =>
        await ProblemAssert.Is(await Api.Orders.GetAsync(path), HttpStatusCode.BadRequest, names);

    [Fact]
    public async Task Unknown_ids_are_404_on_every_endpoint()
    {
        var unknown = "no-such-" + Guid.NewGuid().ToString("N");

        await ProblemAssert.Is(await Api.Orders.GetAsync($"/orders/{unknown}"), HttpStatusCode.NotFound, unknown);
        await ProblemAssert.Is(await Api.Orders.PostAsync($"/orders/{unknown}/cancel", null), HttpStatusCode.NotFound, unknown);
        await ProblemAssert.Is(await Api.Payments.GetAsync($"/payments/{unknown}"), HttpStatusCode.NotFound, unknown);
        await ProblemAssert.Is(await Api.Deliveries.GetAsync($"/deliveries/{unknown}"), HttpStatusCode.NotFound, unknown);
        await ProblemAssert.Is(await Api.Deliveries.PostAsync($"/deliveries/{unknown}/complete", null), HttpStatusCode.NotFound, unknown);
        await ProblemAssert.Is(await Api.Orders.GetAsync("/no-such-route"), HttpStatusCode.NotFound, "Not Found");
        var stored = await shop.System.Orders!.Get<ServiceStore>().Store.ReadAll(1, int.MaxValue, TestContext.Current.CancellationToken);
        Assert.DoesNotContain(stored, e => e.Stream.Id == unknown);
    }

    [Fact]
    public async Task Illegal_transitions_are_409_and_change_nothing()
    {
        var orderId = await Api.PlaceOrder(ShopApi.NewCustomer());
        await Api.WaitForDelivery(orderId, "Started");
        Assert.Equal(HttpStatusCode.OK, (await Api.Deliveries.PostAsync($"/deliveries/{orderId}/complete", null)).StatusCode);

        await ProblemAssert.Is(await Api.Deliveries.PostAsync($"/deliveries/{orderId}/complete", null), HttpStatusCode.Conflict, "already completed");
        var delivered = await Api.WaitForOrder(orderId, "Delivered");
        await ProblemAssert.Is(await Api.Orders.PostAsync($"/orders/{orderId}/cancel", null), HttpStatusCode.Conflict, "Delivered");

        var declined = await Api.PlaceOrder(ShopApi.NewCustomer("decline"));
        await Api.WaitForOrder(declined, "Cancelled");
        await ProblemAssert.Is(await Api.Orders.PostAsync($"/orders/{declined}/cancel", null), HttpStatusCode.Conflict, "already cancelled");
        Assert.Equal(ShopApi.History(delivered!), ShopApi.History((await Api.Order(orderId))!));
        Assert.Equal(["OrderCreated", "OrderCancelled"], ShopApi.History((await Api.Order(declined))!));
    }

    [Theory]
    [InlineData("{\"receivedBy\": ", "not valid JSON")]
    [InlineData("{\"receivedBy\": 7}", "receivedBy")]
    [InlineData("{\"receivedBy\": \"\"}", "receivedBy")]
    [InlineData("\"Kim\"", "must be a JSON object")]
    public async Task Bad_completion_body_is_400_and_the_delivery_stays_started(string body, string names)
    {
        var orderId = await Api.PlaceOrder(ShopApi.NewCustomer());
        await Api.WaitForDelivery(orderId, "Started");

        await ProblemAssert.Is(await Api.Deliveries.PostAsync($"/deliveries/{orderId}/complete", ShopApi.Json(body)), HttpStatusCode.BadRequest, names);
        Assert.Equal("Started", ShopApi.Status((System.Text.Json.Nodes.JsonObject?)(await Api.Delivery(orderId))!["delivery"]));
    }
}
