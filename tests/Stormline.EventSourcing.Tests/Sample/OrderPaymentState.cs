namespace Stormline.EventSourcing.Tests.Sample;

public sealed record OrderPaymentState(string? OrderId, bool Paid);
