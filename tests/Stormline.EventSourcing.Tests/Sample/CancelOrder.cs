namespace Stormline.EventSourcing.Tests.Sample;

public sealed record CancelOrder(string OrderId, string Reason, DateTimeOffset At) : OrderCommand(OrderId);
