namespace Stormline.Broker.Groups;

/// <summary>
/// The classic group state machine, as Kafka's coordinator runs it:
/// Empty → PreparingRebalance → CompletingRebalance → Stable, back to PreparingRebalance on any membership change,
/// to Empty when the last member is gone, and Dead once the group is deleted.
/// </summary>
internal enum GroupState
{
    /// <summary>No members; the group may still hold committed offsets.</summary>
    Empty,

    /// <summary>A rebalance started: JoinGroup requests wait until every known member rejoined or the rebalance timeout ends.</summary>
    PreparingRebalance,

    /// <summary>Joins were answered; members wait in SyncGroup for the leader's assignment.</summary>
    CompletingRebalance,

    /// <summary>Every member has its assignment.</summary>
    Stable,

    /// <summary>Deleted: requests that still hold the group see COORDINATOR_NOT_AVAILABLE and look it up again.</summary>
    Dead,
}

internal static class GroupStateExtensions
{
    /// <summary>The state name Kafka uses in DescribeGroups and ListGroups.</summary>
    public static string KafkaName(this GroupState state) => state switch
    {
        GroupState.Empty => "Empty",
        GroupState.PreparingRebalance => "PreparingRebalance",
        GroupState.CompletingRebalance => "CompletingRebalance",
        GroupState.Stable => "Stable",
        _ => "Dead",
    };

    /// <summary>Whether Kafka allows the transition <paramref name="from"/> → <paramref name="to"/>.</summary>
    public static bool CanTransition(GroupState from, GroupState to) => to switch
    {
        GroupState.PreparingRebalance => from is GroupState.Stable or GroupState.CompletingRebalance or GroupState.Empty,
        GroupState.CompletingRebalance => from is GroupState.PreparingRebalance,
        GroupState.Stable => from is GroupState.CompletingRebalance,
        GroupState.Empty => from is GroupState.PreparingRebalance,
        _ => true,
    };
}
