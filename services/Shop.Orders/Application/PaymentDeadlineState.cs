namespace Shop.Orders.Application;

public sealed record PaymentDeadlineState(string? OrderId);
