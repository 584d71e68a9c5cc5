namespace Shop.Payments.Domain;

public sealed record PaymentState(PaymentStatus Status, string? PaymentId, decimal Amount)
{
    public static PaymentState Initial { get; } = new(PaymentStatus.None, null, 0m);

    /// <summary>One payment per order, so its id follows from the order id.</summary>
    public static string PaymentIdFor(string orderId) => "pay-" + orderId;
}
