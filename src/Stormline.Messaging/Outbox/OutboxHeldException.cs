namespace Stormline.Messaging.Outbox;

/// <summary>A pass published <see cref="Published"/> rows and then stopped at one it cannot send yet (the inner exception says why); it stays pending, in order.</summary>
public sealed class OutboxHeldException(int published, Exception reason)
    : Exception($"The outbox relay holds the next row: {reason.Message}", reason)
{
    public int Published { get; } = published;
}
