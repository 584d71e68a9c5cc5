namespace Stormline.Ops.Lag;

/// <summary>How many polls make a window (Burrow's <c>intervals</c>, default 10).</summary>
public sealed class LagEvaluatorOptions
{
    /// <summary>Observations per window. STALL and WARN are only declared on a full window, so a fresh group is not flagged on two polls.</summary>
    public int Intervals { get; set; } = 10;
}
