using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Shop.Contracts;
using Stormline.Hosting.Storage;
using Shop.Orders.Domain;
using Shop.Tests.Infrastructure;
using Stormline.EventSourcing.Streams;

namespace Shop.Tests.Api;

public sealed class IdempotencyKeyTests(FullShop shop)
{
    [Fact]
    public async Task Retried_post_with_the_same_idempotency_key_returns_the_same_order_once()
    {
        var key = Guid.NewGuid().ToString();
        var body = $$"""{"customerId": "{{ShopApi.NewCustomer()}}", "lines": [{"sku": "book-1", "quantity": 1, "unitPrice": 5}]}""";

        async Task<HttpResponseMessage> Post()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = ShopApi.Json(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await shop.Api.Orders.SendAsync(request);
        }

        var first = await Post();
        var again = await Post();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var orderId = (string)(await first.Content.ReadFromJsonAsync<JsonObject>())!["orderId"]!;
        Assert.Equal(orderId, (string?)(await again.Content.ReadFromJsonAsync<JsonObject>())!["orderId"]);
        var stream = await shop.System.Orders!.Get<ServiceStore>().Store.ReadStream(StreamName.For<Order>(orderId), 0, 100, TestContext.Current.CancellationToken);
        Assert.Equal(nameof(OrderCreated), Assert.Single(stream, e => e.Type == nameof(OrderCreated)).Type);
    }
}
