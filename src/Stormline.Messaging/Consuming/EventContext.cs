using System.Data.Common;

namespace Stormline.Messaging.Consuming;

/// <summary>
/// What a handler gets beside the event: the batch's transaction (inbox marks, aggregate appends, outbox rows, saga
/// state and the handler's own writes all commit in it, once) and the result of the event's prepare step, if any.
/// </summary>
public sealed class EventContext(DbTransaction transaction, object? prepared)
{
    public DbTransaction Transaction { get; } = transaction;

    /// <summary>What <see cref="EventConsumerOptions.Prepare"/> returned for this event outside the transaction (an external system's answer); null without one.</summary>
    public object? Prepared { get; } = prepared;
}
