using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Outbox;

/// <summary>An appended event waiting to be published; its id is the event's global position.</summary>
public sealed record OutboxMessage(long Id, StreamEvent Event);
