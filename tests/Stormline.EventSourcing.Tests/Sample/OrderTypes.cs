using Stormline.EventSourcing.Serialization;

namespace Stormline.EventSourcing.Tests.Sample;

/// <summary>The sample's stable event names and one retired shape ("OrderCreated.v0" named the customer "customer").</summary>
public static class OrderTypes
{
    public static EventTypeRegistry Registry() => new EventTypeRegistry()
        .Register<OrderCreated>("OrderCreated")
        .Register<OrderLineAdded>("OrderLineAdded")
        .Register<OrderCancelled>("OrderCancelled")
        .AddUpcaster("OrderCreated.v0", "OrderCreated", old =>
        {
            old["customerId"] = old["customer"]?.DeepClone();
            old.Remove("customer");
            return old;
        });

    public static EventSerializer Serializer() => new(Registry());
}
