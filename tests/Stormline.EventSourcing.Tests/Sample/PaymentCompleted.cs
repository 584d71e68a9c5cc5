namespace Stormline.EventSourcing.Tests.Sample;

/// <summary>From the payment context: what the order saga waits for.</summary>
public sealed record PaymentCompleted(string OrderId);
