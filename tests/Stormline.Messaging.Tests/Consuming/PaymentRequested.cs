namespace Stormline.Messaging.Tests.Consuming;

/// <summary>The event the consumer tests deliver.</summary>
public sealed record PaymentRequested(string OrderId, decimal Amount);
