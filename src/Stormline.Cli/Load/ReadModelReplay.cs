namespace Stormline.Cli.Load;

/// <summary>
/// What each service's read model must say about an order, folded from the events that service published (its store's
/// events, carried out by the outbox): the replay the read model is compared with.
/// </summary>
public static class ReadModelReplay
{
    /// <summary>Orders ranks its statuses so a late event never moves an order backwards; the replay does the same.</summary>
    private static readonly (string Event, string Status)[] OrderRanks =
    [
        ("OrderCreated", "Created"), ("OrderPaid", "Paid"), ("OrderShipped", "Shipped"), ("OrderDelivered", "Delivered"), ("OrderCancelled", "Cancelled"),
    ];

    private static readonly Dictionary<string, string> PaymentStatuses = new(StringComparer.Ordinal)
    {
        ["PaymentCompleted"] = "Completed", ["PaymentFailed"] = "Failed", ["PaymentRefunded"] = "Refunded",
    };

    private static readonly Dictionary<string, string> DeliveryStatuses = new(StringComparer.Ordinal)
    {
        ["DeliveryStarted"] = "Started", ["DeliveryCompleted"] = "Completed", ["DeliveryCancelled"] = "Cancelled",
    };

    public static string? OrderStatus(IReadOnlyList<string> sequence) =>
        OrderRanks.LastOrDefault(r => sequence.Contains(r.Event)).Status;

    /// <summary>The status after the last payment event, or null when Payments published none for the order.</summary>
    public static string? PaymentStatus(IReadOnlyList<string> sequence) => Last(sequence, PaymentStatuses);

    public static string? DeliveryStatus(IReadOnlyList<string> sequence) => Last(sequence, DeliveryStatuses);

    private static string? Last(IReadOnlyList<string> sequence, Dictionary<string, string> statuses) =>
        sequence.LastOrDefault(statuses.ContainsKey) is { } last ? statuses[last] : null;
}
