namespace Stormline.Bench.EventStore.Model;

/// <summary>The one event of the benchmark: small, like most domain events (about 90 bytes of JSON).</summary>
public sealed record Deposited(string AccountId, decimal Amount, string Reference, DateTimeOffset At);
