using Stormline.Broker.Protocol;

namespace Stormline.Broker.Groups;

/// <summary>Heartbeat.</summary>
internal sealed partial class GroupCoordinator
{
    /// <summary>
    /// Keeps a member alive. During the join phase the answer is REBALANCE_IN_PROGRESS, which is how members learn
    /// they must rejoin; a member that is not (or no longer) in the group gets UNKNOWN_MEMBER_ID, an old generation
    /// ILLEGAL_GENERATION.
    /// </summary>
    public ErrorCode Heartbeat(string groupId, int generationId, string memberId, string? groupInstanceId)
    {
        if (groupId.Length == 0)
        {
            return ErrorCode.InvalidGroupId;
        }

        if (!TryGetGroup(groupId, out var group))
        {
            return ErrorCode.UnknownMemberId;
        }

        lock (group.Gate)
        {
            if (group.State == GroupState.Dead)
            {
                return ErrorCode.CoordinatorNotAvailable;
            }

            if (group.IsStaticMemberFenced(memberId, groupInstanceId))
            {
                return ErrorCode.FencedInstanceId;
            }

            if (!group.Has(memberId))
            {
                return ErrorCode.UnknownMemberId;
            }

            if (generationId != group.GenerationId)
            {
                return ErrorCode.IllegalGeneration;
            }

            switch (group.State)
            {
                case GroupState.PreparingRebalance:
                    group.Get(memberId).LastHeartbeatMs = Now;
                    return ErrorCode.RebalanceInProgress;

                case GroupState.CompletingRebalance or GroupState.Stable:
                    // A member may heartbeat between its JoinGroup answer and its SyncGroup: a normal heartbeat.
                    group.Get(memberId).LastHeartbeatMs = Now;
                    return ErrorCode.None;

                default:
                    return ErrorCode.UnknownMemberId;
            }
        }
    }
}
