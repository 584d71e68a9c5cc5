namespace Stormline.Bench.EventStore.Workloads;

/// <param name="TailAfterSnapshot">Events replayed on top of the snapshot; null = full replay without one.</param>
public sealed record RehydrationResult(string Target, int Length, int? TailAfterSnapshot, double MedianMs, double BestMs);
