namespace Shop.Payments.Projections;

public sealed record PaymentHistoryEntry(string Event, DateTimeOffset At, long Position);
