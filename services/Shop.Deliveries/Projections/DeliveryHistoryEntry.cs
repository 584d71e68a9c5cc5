namespace Shop.Deliveries.Projections;

public sealed record DeliveryHistoryEntry(string Event, DateTimeOffset At, long Position);
