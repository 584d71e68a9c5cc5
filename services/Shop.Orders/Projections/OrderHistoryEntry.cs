namespace Shop.Orders.Projections;

/// <summary>One step of an order's history: the event, when it happened, and its place in the Orders log.</summary>
public sealed record OrderHistoryEntry(string Event, DateTimeOffset At, long Position);
