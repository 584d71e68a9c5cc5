using Microsoft.Extensions.Logging;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Groups;

/// <summary>LeaveGroup.</summary>
internal sealed partial class GroupCoordinator
{
    /// <summary>
    /// Removes members at once (no session timeout to wait for) and rebalances the rest. A member can be named by
    /// member id, or (LeaveGroup v3) a static member by group instance id with an empty member id.
    /// </summary>
    public LeaveGroupResult LeaveGroup(string groupId, IReadOnlyList<MemberIdentity> leaving)
    {
        if (groupId.Length == 0)
        {
            return new LeaveGroupResult(ErrorCode.InvalidGroupId, [.. leaving.Select(_ => ErrorCode.InvalidGroupId)]);
        }

        if (!TryGetGroup(groupId, out var group))
        {
            return new LeaveGroupResult(ErrorCode.None, [.. leaving.Select(_ => ErrorCode.UnknownMemberId)]);
        }

        lock (group.Gate)
        {
            if (group.State == GroupState.Dead)
            {
                return new LeaveGroupResult(ErrorCode.CoordinatorNotAvailable, [.. leaving.Select(_ => ErrorCode.CoordinatorNotAvailable)]);
            }

            var now = Now;
            var errors = new List<ErrorCode>(leaving.Count);
            foreach (var (memberId, instanceId) in leaving)
            {
                errors.Add(Leave(group, memberId, instanceId, now));
            }

            return new LeaveGroupResult(ErrorCode.None, errors);
        }
    }

    private ErrorCode Leave(ConsumerGroup group, string memberId, string? instanceId, long nowMs)
    {
        if (memberId.Length > 0 && group.IsStaticMemberFenced(memberId, instanceId))
        {
            return ErrorCode.FencedInstanceId;
        }

        if (group.RemovePending(memberId))
        {
            _logger.LogInformation("Pending member {MemberId} left group {GroupId}", memberId, group.GroupId);
            TryCompleteJoin(group, nowMs);
            return ErrorCode.None;
        }

        var id = group.StaticMemberId(instanceId) ?? memberId;
        if (!group.Has(id))
        {
            return ErrorCode.UnknownMemberId;
        }

        var member = group.Get(id);
        _logger.LogInformation("Member {MemberId} left group {GroupId}", member.MemberId, group.GroupId);
        RemoveMemberAndUpdateGroup(group, member, nowMs, "LeaveGroup");
        return ErrorCode.None;
    }
}
