using Stormline.EventSourcing.Domain;

namespace Stormline.EventSourcing.Tests.Deciders;

/// <summary>Given(history) / When(command) / Then(events or rejection): a decider test with no store.</summary>
public sealed class DeciderSpec<TDecider, TCommand, TEvent, TState>
    where TDecider : IDecider<TCommand, TEvent, TState>
{
    private IReadOnlyList<TEvent> _given = [];
    private TCommand? _when;

    public DeciderSpec<TDecider, TCommand, TEvent, TState> Given(params TEvent[] history)
    {
        _given = history;
        return this;
    }

    public DeciderSpec<TDecider, TCommand, TEvent, TState> When(TCommand command)
    {
        _when = command;
        return this;
    }

    public void Then(params TEvent[] expected) => Assert.Equal(expected, TDecider.Decide(Command, State));

    public void ThenRejected(string reason)
    {
        var rejected = Assert.Throws<CommandRejectedException>(() => TDecider.Decide(Command, State));
        Assert.Equal(reason, rejected.Message);
    }

    private TState State => _given.Aggregate(TDecider.Initial, TDecider.Evolve);

    private TCommand Command => _when ?? throw new InvalidOperationException("Call When(command) first.");
}
