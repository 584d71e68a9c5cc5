namespace Stormline.Bench.Measurement;

/// <summary>End-to-end latency percentiles in milliseconds over <see cref="Samples"/> messages.</summary>
public readonly record struct LatencySummary(int Samples, double P50Ms, double P99Ms, double P999Ms, double MaxMs);
