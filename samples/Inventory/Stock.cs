using Stormline.EventSourcing.Domain;

namespace Inventory;

// Events: facts, named in the past tense.
public sealed record StockAdded(int Quantity);
public sealed record StockReserved(string OrderId, int Quantity);
public sealed record ReservationRejected(string OrderId, string Reason);

// Commands: what someone asks for.
public abstract record StockCommand;
public sealed record AddStock(int Quantity) : StockCommand;
public sealed record Reserve(string OrderId, int Quantity) : StockCommand;

public sealed record StockState(int Available, IReadOnlySet<string> Orders)
{
    public static StockState Empty { get; } = new(0, new HashSet<string>());
}

/// <summary>One stock item as a decider: pure functions, one stream per SKU ("Stock-apple").</summary>
public sealed class Stock : IDecider<StockCommand, object, StockState>
{
    public static StockState Initial => StockState.Empty;

    public static IReadOnlyList<object> Decide(StockCommand command, StockState state) => command switch
    {
        AddStock { Quantity: <= 0 } => throw new CommandRejectedException("Quantity must be positive."),
        AddStock c => [new StockAdded(c.Quantity)],
        Reserve c when state.Orders.Contains(c.OrderId) => [], // asked again: it was answered once
        Reserve c when c.Quantity > state.Available => [new ReservationRejected(c.OrderId, $"only {state.Available} left")],
        Reserve c => [new StockReserved(c.OrderId, c.Quantity)],
        _ => throw new CommandRejectedException($"Unknown command {command.GetType().Name}."),
    };

    public static StockState Evolve(StockState state, object @event) => @event switch
    {
        StockAdded e => state with { Available = state.Available + e.Quantity },
        StockReserved e => new(state.Available - e.Quantity, new HashSet<string>(state.Orders) { e.OrderId }),
        ReservationRejected e => state with { Orders = new HashSet<string>(state.Orders) { e.OrderId } },
        _ => state,
    };
}
