namespace Stormline.EventSourcing.Sagas;

/// <summary>
/// A saga (process manager) as pure functions, the decider's mirror image: events and deadlines in, commands out.
/// Instances are keyed by correlation id; time travels in as <c>now</c> so the functions stay testable without IO.
/// </summary>
public interface IProcessManager<TState>
{
    /// <summary>The saga type's stable name, part of every instance's key.</summary>
    static abstract string Name { get; }

    static abstract TState Initial { get; }

    /// <summary>The instance an event belongs to; null when this saga does not react to it.</summary>
    static abstract string? CorrelationOf(object @event);

    static abstract SagaStep<TState> Handle(TState state, object @event, DateTimeOffset now);

    static abstract SagaStep<TState> OnDeadline(TState state, string deadline, DateTimeOffset now);
}
