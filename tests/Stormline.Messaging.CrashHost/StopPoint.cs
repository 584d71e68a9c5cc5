namespace Stormline.Messaging.CrashHost;

/// <summary>Where the host stops and waits to be killed.</summary>
public enum StopPoint
{
    /// <summary>After the appends committed, before the relay publishes anything.</summary>
    BeforePublish,

    /// <summary>After the broker acknowledged a batch, before the outbox rows are marked sent.</summary>
    BeforeMarkSent,

    /// <summary>Nowhere: publish until the outbox is empty, then exit 0.</summary>
    None,
}
