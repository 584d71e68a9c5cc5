namespace Stormline.Bench.Measurement;

/// <summary>What a produce or consume call moved: acknowledged (or received) messages and bytes, over which window, at what CPU.</summary>
public sealed record TransferOutcome(long Messages, long Bytes, TimeSpan Elapsed, CpuUsage Cpu, long Errors, string? Note = null);
