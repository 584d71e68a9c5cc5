namespace Stormline.Bench.EventStore.Model;

/// <summary>What rehydration rebuilds; both stores fold the same events into the same numbers.</summary>
public sealed record AccountState(decimal Balance, int Deposits, string? LastReference);
