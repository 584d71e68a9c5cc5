namespace Stormline.Broker.Groups;

/// <summary>Hooks for fault injection: what a real cluster does to a group when a member's metadata changes.</summary>
internal sealed partial class GroupCoordinator
{
    /// <summary>
    /// Starts a rebalance of a Stable or CompletingRebalance group now: members learn REBALANCE_IN_PROGRESS on their
    /// next heartbeat (or SyncGroup) and rejoin. False for an unknown group or one that cannot rebalance (Empty, Dead,
    /// already preparing).
    /// </summary>
    public bool ForceRebalance(string groupId)
    {
        if (!TryGetGroup(groupId, out var group))
        {
            return false;
        }

        lock (group.Gate)
        {
            if (group.State is not (GroupState.Stable or GroupState.CompletingRebalance))
            {
                return false;
            }

            PrepareRebalance(group, Now, "forced by fault injection");
            return true;
        }
    }
}
