namespace Stormline.EventSourcing.Domain;

/// <summary>
/// An aggregate written as a decider (Chassaing): pure functions over immutable state, no IO, so it is tested
/// Given(events) / When(command) / Then(events) and run by <see cref="CommandHandler{TDecider, TCommand, TEvent, TState}"/>.
/// Implement it on a type named after the aggregate: that name is the stream category ("Order-42").
/// </summary>
public interface IDecider<in TCommand, TEvent, TState>
{
    /// <summary>The state before the first event.</summary>
    static abstract TState Initial { get; }

    /// <summary>The events a command produces in a state; throw <see cref="CommandRejectedException"/> to refuse it.</summary>
    static abstract IReadOnlyList<TEvent> Decide(TCommand command, TState state);

    /// <summary>The state after an event; must be pure so replay and snapshots agree.</summary>
    static abstract TState Evolve(TState state, TEvent @event);
}
