using Shop.Contracts;
using Shop.Tests.Infrastructure;
using Stormline.Messaging.Headers;

namespace Shop.Tests.Flow;

/// <summary>A message no service can read goes to "&lt;topic&gt;.dlq" with the error in its headers, and orders keep flowing.</summary>
public sealed class DeadLetterTests(FullShop shop)
{
    [Fact]
    public async Task Unreadable_order_event_is_dead_lettered_and_the_partition_keeps_flowing()
    {
        var eventId = Guid.NewGuid().ToString();
        var key = "dlq-" + Guid.NewGuid().ToString("N");
        await shop.System.Kafka.ProduceAsync(OrderCreated.Topic, key, "{\"orderId\": 42",
            new Dictionary<string, string> { [MessageHeaders.EventType] = nameof(OrderCreated), [MessageHeaders.EventId] = eventId });

        var orderId = await shop.Api.PlaceOrder(ShopApi.NewCustomer());
        await shop.Api.WaitForOrder(orderId, "Shipped");

        var dead = await Eventually.Get(() => Task.FromResult(shop.System.Kafka.ConsumeUntilIdle(OrderCreated.Topic + ".dlq", TimeSpan.FromSeconds(1))),
            records => records.Any(r => r.Header(MessageHeaders.EventId) == eventId), "the unreadable message in order-events.dlq");
        var record = dead.First(r => r.Header(MessageHeaders.EventId) == eventId);
        Assert.Equal(key, record.Key);
        Assert.Equal(OrderCreated.Topic, record.Header(DeadLetterHeaders.OriginalTopic));
        Assert.Contains("OrderCreated", record.Header(DeadLetterHeaders.Error), StringComparison.Ordinal);
    }
}
