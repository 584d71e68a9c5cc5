using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Shop.Tests.Infrastructure;

/// <summary>The shop's HTTP API as a test drives it: place, read, cancel, complete, and wait for a status.</summary>
internal sealed class ShopApi(Func<HttpClient> orders, Func<HttpClient> payments, Func<HttpClient> deliveries)
{
    /// <summary>Over a system's services, looked up at each call: a service may start after the api was made.</summary>
    public ShopApi(ShopSystem system) : this(() => system.Orders!.Http, () => system.Payments!.Http, () => system.Deliveries!.Http)
    {
    }

    public HttpClient Orders => orders();

    public HttpClient Payments => payments();

    public HttpClient Deliveries => deliveries();

    public static string NewCustomer(string prefix = "c") => $"{prefix}-{Guid.NewGuid():N}";

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Places an order of one line; returns its id (asserting 201 and the Location header).</summary>
    public async Task<string> PlaceOrder(string customerId, int quantity = 2, decimal unitPrice = 12.50m)
    {
        var response = await Orders.PostAsync("/orders", Json($$"""{"customerId": "{{customerId}}", "lines": [{"sku": "book-1", "quantity": {{quantity}}, "unitPrice": {{unitPrice}}}]}"""));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var orderId = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["orderId"]!;
        Assert.Equal($"/orders/{orderId}", response.Headers.Location?.ToString());
        return orderId;
    }

    public static async Task<JsonObject?> Read(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonObject>();
    }

    public Task<JsonObject?> Order(string orderId) => Read(Orders, $"/orders/{orderId}");

    public async Task<JsonObject> Payment(string orderId) => (JsonObject)(await Read(Payments, $"/payments/{orderId}"))!["payment"]!;

    public Task<JsonObject?> Delivery(string orderId) => Read(Deliveries, $"/deliveries/{orderId}");

    public static string? Status(JsonObject? document) => (string?)document?["status"];

    public Task<JsonObject?> WaitForOrder(string orderId, string status) =>
        Eventually.Get(() => Order(orderId), o => Status(o) == status, $"order {orderId} to be {status}");

    public Task<JsonObject?> WaitForPayment(string orderId, string status) =>
        Eventually.Get(async () => (JsonObject?)(await Read(Payments, $"/payments/{orderId}"))?["payment"], p => Status(p) == status, $"payment of {orderId} to be {status}");

    public Task<JsonObject?> WaitForDelivery(string orderId, string status) =>
        Eventually.Get(async () => (JsonObject?)(await Delivery(orderId))?["delivery"], d => Status(d) == status, $"delivery of {orderId} to be {status}");

    public static IReadOnlyList<string> History(JsonObject document) => [.. document["history"]!.AsArray().Select(h => (string)h!["event"]!)];
}
