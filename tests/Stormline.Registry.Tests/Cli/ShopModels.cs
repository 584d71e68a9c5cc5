namespace Stormline.Registry.Tests.Cli;

/// <summary>The small model the schema command tests start from: two events of one context.</summary>
internal static class ShopModels
{
    public const string Version1 = """
        system: shop
        contexts:
          order:
            aggregates:
              Order:
                id: orderId
                commands:
                  CreateOrder: { emits: [OrderCreated] }
                  CancelOrder: { emits: [OrderCancelled] }
            events:
              OrderCreated:
                fields: { orderId: string, total: decimal }
              OrderCancelled:
                fields: { orderId: string, reason: string }
        """;
}
