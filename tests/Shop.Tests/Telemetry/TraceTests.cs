using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.Telemetry;

/// <summary>POST /orders → outbox → Kafka → Payments → Deliveries → Orders is one trace, carried by the traceparent header.</summary>
public sealed class TraceTests(FullShop shop)
{
    [Fact]
    public async Task One_order_is_one_trace_across_the_three_services()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Stormline.Messaging" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { if (a.TraceId == traceId) spans.Add(a); },
        };
        ActivitySource.AddActivityListener(listener);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders")
        {
            Content = ShopApi.Json($$"""{"customerId": "{{ShopApi.NewCustomer()}}", "lines": [{"sku": "book-1", "quantity": 1, "unitPrice": 9.99}]}"""),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var response = await shop.Api.Orders.SendAsync(request);
        response.EnsureSuccessStatusCode();

        string[] expected = ["publish order-events", "process order-events", "publish payment-events", "process payment-events", "publish delivery-events", "process delivery-events"];
        await Eventually.Get(() => Task.FromResult(spans.Select(s => s.DisplayName).ToHashSet()), names => expected.All(names.Contains),
            "publish and process spans of all three topics in the request's trace");
    }
}
