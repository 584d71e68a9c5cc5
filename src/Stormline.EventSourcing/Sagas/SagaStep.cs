namespace Stormline.EventSourcing.Sagas;

/// <summary>
/// What a saga decided on an event or a deadline: its new state, the commands to send, the deadlines to schedule or
/// cancel, and whether it is finished (a completed saga ignores later input and drops its deadlines).
/// </summary>
public sealed record SagaStep<TState>(TState State, IReadOnlyList<object> Commands, IReadOnlyList<Deadline> Schedule, IReadOnlyList<string> Cancel, bool Completed)
{
    public static SagaStep<TState> Unchanged(TState state) => new(state, [], [], [], false);
}
