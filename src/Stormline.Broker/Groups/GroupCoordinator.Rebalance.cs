using Microsoft.Extensions.Logging;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Groups;

/// <summary>The state machine steps shared by the requests and the timer. Every method here runs under the group's lock.</summary>
internal sealed partial class GroupCoordinator
{
    private void MaybePrepareRebalance(ConsumerGroup group, long nowMs, string reason)
    {
        if (group.CanRebalance)
        {
            PrepareRebalance(group, nowMs, reason);
        }
    }

    /// <summary>
    /// Starts a rebalance: members waiting in SyncGroup are told REBALANCE_IN_PROGRESS (they rejoin), and the join
    /// phase is given the group's rebalance timeout, or for a group that was empty the initial rebalance delay.
    /// </summary>
    private void PrepareRebalance(ConsumerGroup group, long nowMs, string reason)
    {
        if (group.State == GroupState.CompletingRebalance)
        {
            ResetAndPropagateAssignmentError(group, ErrorCode.RebalanceInProgress, nowMs);
        }

        var initialDelay = _options.GroupInitialRebalanceDelayMs;
        var wasEmpty = group.State == GroupState.Empty;
        group.TransitionTo(GroupState.PreparingRebalance);
        if (wasEmpty && initialDelay > 0)
        {
            group.InInitialDelay = true;
            group.NewMemberAdded = false;
            group.JoinDeadlineMs = nowMs + initialDelay;
            group.InitialDelayRemainingMs = Math.Max(group.RebalanceTimeoutMs - initialDelay, 0);
        }
        else
        {
            group.InInitialDelay = false;
            group.JoinDeadlineMs = nowMs + group.RebalanceTimeoutMs;
        }

        _logger.LogInformation("Preparing to rebalance group {GroupId} (generation {Generation}): {Reason}", group.GroupId, group.GenerationId, reason);
        TryCompleteJoin(group, nowMs);
    }

    /// <summary>Completes the join phase at once when every member rejoined (never during the initial delay).</summary>
    private void TryCompleteJoin(ConsumerGroup group, long nowMs)
    {
        if (group.State == GroupState.PreparingRebalance && !group.InInitialDelay && group.AllMembersJoined)
        {
            CompleteJoin(group, nowMs);
        }
    }

    /// <summary>
    /// The rebalance timeout (or one step of the initial delay) ended. The initial delay is extended, by at most
    /// the delay each time and within the rebalance timeout, while new members keep arriving.
    /// </summary>
    private void OnJoinDeadline(ConsumerGroup group, long nowMs)
    {
        if (group.InInitialDelay)
        {
            if (group.NewMemberAdded && group.InitialDelayRemainingMs > 0)
            {
                var delay = Math.Min(_options.GroupInitialRebalanceDelayMs, group.InitialDelayRemainingMs);
                group.InitialDelayRemainingMs = Math.Max(group.InitialDelayRemainingMs - delay, 0);
                group.NewMemberAdded = false;
                group.JoinDeadlineMs = nowMs + delay;
                return;
            }

            group.InInitialDelay = false;
            group.NewMemberAdded = false;
        }

        CompleteJoin(group, nowMs);
    }

    /// <summary>
    /// Ends the join phase: dynamic members that did not rejoin are removed, a leader among those who did is kept or
    /// elected, the next generation starts with the protocol every member supports, and every waiting JoinGroup is
    /// answered (the leader with all members' metadata).
    /// </summary>
    private void CompleteJoin(ConsumerGroup group, long nowMs)
    {
        foreach (var member in group.Members.Where(m => !m.IsAwaitingJoin && !m.IsStatic).ToList())
        {
            _logger.LogInformation("Member {MemberId} of group {GroupId} did not rejoin in time; removing it", member.MemberId, group.GroupId);
            member.CompleteSync(SyncGroupResult.Failed(ErrorCode.UnknownMemberId));
            group.Remove(member);
        }

        if (!group.ElectJoinedLeader() && group.MemberCount > 0)
        {
            // Only static members are left and none rejoined: wait another rebalance timeout (or their session expiry).
            _logger.LogWarning("Group {GroupId} could not complete its rebalance because no member rejoined", group.GroupId);
            group.JoinDeadlineMs = nowMs + group.RebalanceTimeoutMs;
            return;
        }

        group.InitNextGeneration();
        if (group.State == GroupState.Empty)
        {
            group.EmptySinceMs = nowMs;
            _membership.Remove(group.GroupId);
            _logger.LogInformation("Group {GroupId} is empty (generation {Generation})", group.GroupId, group.GenerationId);
            return;
        }

        _logger.LogInformation("Group {GroupId} generation {Generation}: {Members} member(s), protocol {Protocol}, leader {Leader}", group.GroupId, group.GenerationId, group.MemberCount, group.ProtocolName, group.LeaderId);
        var allMembers = group.CurrentMemberMetadata();
        foreach (var member in group.Members)
        {
            member.CompleteJoin(new JoinGroupResult(
                ErrorCode.None,
                group.GenerationId,
                group.ProtocolName,
                group.LeaderId!,
                member.MemberId,
                group.IsLeader(member.MemberId) ? allMembers : []));
            member.LastHeartbeatMs = nowMs;
            member.IsNew = false;
        }
    }

    /// <summary>Answers every waiting SyncGroup with <paramref name="error"/> and clears the assignments (a new rebalance began).</summary>
    private static void ResetAndPropagateAssignmentError(ConsumerGroup group, ErrorCode error, long nowMs)
    {
        foreach (var member in group.Members)
        {
            member.Assignment = [];
            if (member.CompleteSync(SyncGroupResult.Failed(error)))
            {
                member.LastHeartbeatMs = nowMs;
            }
        }
    }

    /// <summary>A member left or expired: its waiting requests are answered UNKNOWN_MEMBER_ID and the group rebalances.</summary>
    private void RemoveMemberAndUpdateGroup(ConsumerGroup group, GroupMember member, long nowMs, string reason)
    {
        member.CompleteJoin(JoinGroupResult.Failed(string.Empty, ErrorCode.UnknownMemberId));
        member.CompleteSync(SyncGroupResult.Failed(ErrorCode.UnknownMemberId));
        group.Remove(member);
        switch (group.State)
        {
            case GroupState.Stable or GroupState.CompletingRebalance:
                MaybePrepareRebalance(group, nowMs, $"member {member.MemberId} removed ({reason})");
                break;
            case GroupState.PreparingRebalance:
                TryCompleteJoin(group, nowMs);
                break;
        }
    }
}
