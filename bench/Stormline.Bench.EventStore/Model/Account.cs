using Stormline.EventSourcing.Domain;

namespace Stormline.Bench.EventStore.Model;

/// <summary>The aggregate as a Stormline decider; the benchmark uses only its Evolve (through CommandHandler.Load).</summary>
public sealed class Account : IDecider<Deposited, Deposited, AccountState>
{
    public static AccountState Initial { get; } = new(0m, 0, null);

    public static IReadOnlyList<Deposited> Decide(Deposited command, AccountState state) => [command];

    public static AccountState Evolve(AccountState state, Deposited @event) =>
        new(state.Balance + @event.Amount, state.Deposits + 1, @event.Reference);
}
