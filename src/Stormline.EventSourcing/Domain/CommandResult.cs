namespace Stormline.EventSourcing.Domain;

/// <summary>What handling a command did: the new events (empty when the decider had nothing to say), the state after them, and the stream's version.</summary>
public sealed record CommandResult<TEvent, TState>(IReadOnlyList<TEvent> Events, TState State, long Version, long LastPosition, int Attempts);
