namespace Stormline.Model.Tests.Generation;

/// <summary>Sample payloads of shop events as they travel on the topics (JSON).</summary>
internal static class ShopSamples
{
    public const string OrderCreated = """
        {"orderId":"o-1","userId":"u-7","lines":[{"productId":"p-1","quantity":2,"unitPrice":12500.5}],"total":25001,"currency":"KRW",
         "shippingAddress":{"recipient":"김민지","street":"세종대로 110","city":"서울","postalCode":"04524","phone":null},
         "couponCode":null,"createdAt":"2026-11-25T10:00:00+09:00"}
        """;

    public const string PaymentCompleted = """
        {"paymentId":"pay-1","orderId":"o-1","amount":25001,"method":"Card","approvalCode":"A1","completedAt":"2026-11-25T10:00:02Z"}
        """;
}
