namespace Stormline.Ops.Collecting;

/// <summary>A classic consumer group's state, as DescribeGroups reports it.</summary>
public enum GroupState
{
    Unknown,
    PreparingRebalance,
    CompletingRebalance,
    Stable,
    Dead,
    Empty,
}
