namespace Stormline.Messaging.Tests.Crash;

/// <summary>The crash host's event as the consumer reads it.</summary>
public sealed record ItemAdded(string OrderId, int Seq);
