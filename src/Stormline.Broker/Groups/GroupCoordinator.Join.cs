using Microsoft.Extensions.Logging;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Groups;

/// <summary>JoinGroup.</summary>
internal sealed partial class GroupCoordinator
{
    /// <summary>
    /// Joins a member; the task completes when the join phase of the rebalance ends (or at once for errors,
    /// MEMBER_ID_REQUIRED, and rejoins that change nothing). Never throws for protocol errors.
    /// </summary>
    public Task<JoinGroupResult> JoinGroup(JoinRequest request)
    {
        if (request.GroupId.Length == 0)
        {
            return Task.FromResult(JoinGroupResult.Failed(request.MemberId, ErrorCode.InvalidGroupId));
        }

        if (request.SessionTimeoutMs < _options.GroupMinSessionTimeoutMs || request.SessionTimeoutMs > _options.GroupMaxSessionTimeoutMs)
        {
            return Task.FromResult(JoinGroupResult.Failed(request.MemberId, ErrorCode.InvalidSessionTimeout));
        }

        var unknownMember = request.MemberId.Length == 0;
        ConsumerGroup group;
        if (unknownMember)
        {
            group = GetOrCreateGroup(request.GroupId);
        }
        else if (!TryGetGroup(request.GroupId, out group))
        {
            return Task.FromResult(JoinGroupResult.Failed(request.MemberId, ErrorCode.UnknownMemberId));
        }

        lock (group.Gate)
        {
            var now = Now;
            var result = unknownMember ? JoinUnknownMember(group, request, now) : JoinKnownMember(group, request, now);
            TryCompleteJoin(group, now);
            return result;
        }
    }

    private Task<JoinGroupResult> JoinUnknownMember(ConsumerGroup group, JoinRequest request, long nowMs)
    {
        if (group.State == GroupState.Dead)
        {
            return Task.FromResult(JoinGroupResult.Failed(string.Empty, ErrorCode.CoordinatorNotAvailable));
        }

        if (!group.SupportsProtocols(request.ProtocolType, request.Protocols))
        {
            return Task.FromResult(JoinGroupResult.Failed(string.Empty, ErrorCode.InconsistentGroupProtocol));
        }

        var newMemberId = (request.GroupInstanceId ?? request.ClientId) + "-" + Guid.NewGuid().ToString();
        if (group.StaticMemberId(request.GroupInstanceId) is { } oldMemberId)
        {
            return RejoinStaticMember(group, request, oldMemberId, newMemberId, nowMs);
        }

        if (request.RequireKnownMemberId)
        {
            // KIP-394: the member must come back with this id; until then it only blocks the join phase (for a session timeout).
            group.AddPending(newMemberId, nowMs + request.SessionTimeoutMs);
            return Task.FromResult(JoinGroupResult.Failed(newMemberId, ErrorCode.MemberIdRequired));
        }

        return AddMemberAndRebalance(group, request, newMemberId, nowMs);
    }

    /// <summary>
    /// A static member restarted and joined without its member id: it takes over its instance's place under a new id.
    /// In a stable (or completing) group nothing is rebalanced: it is answered with the current generation and the
    /// old leader id, so it syncs and gets its previous assignment back.
    /// </summary>
    private Task<JoinGroupResult> RejoinStaticMember(ConsumerGroup group, JoinRequest request, string oldMemberId, string newMemberId, long nowMs)
    {
        _logger.LogInformation("Static member {InstanceId} of group {GroupId} rejoins; member id {Old} is replaced by {New}", request.GroupInstanceId, group.GroupId, oldMemberId, newMemberId);
        var currentLeader = group.LeaderId ?? string.Empty;
        var member = group.ReplaceStaticMember(oldMemberId, newMemberId);
        member.LastHeartbeatMs = nowMs;
        UpdateMember(member, request);
        var joined = member.AwaitJoin();
        if (group.State is GroupState.Stable or GroupState.CompletingRebalance)
        {
            member.CompleteJoin(new JoinGroupResult(ErrorCode.None, group.GenerationId, group.ProtocolName, currentLeader, newMemberId, []));
        }

        if (group.State == GroupState.Stable)
        {
            // The stored generation must name the instance's new member id, or after a restart it would be fenced.
            _membership.Save(group);
        }

        return joined;
    }

    private Task<JoinGroupResult> JoinKnownMember(ConsumerGroup group, JoinRequest request, long nowMs)
    {
        var memberId = request.MemberId;
        if (group.State == GroupState.Dead)
        {
            return Task.FromResult(JoinGroupResult.Failed(memberId, ErrorCode.CoordinatorNotAvailable));
        }

        if (!group.SupportsProtocols(request.ProtocolType, request.Protocols))
        {
            return Task.FromResult(JoinGroupResult.Failed(memberId, ErrorCode.InconsistentGroupProtocol));
        }

        if (group.IsPending(memberId))
        {
            // The second join of KIP-394. A pending member is dynamic; an instance id that is already taken means a duplicate instance.
            return group.StaticMemberId(request.GroupInstanceId) is not null
                ? Task.FromResult(JoinGroupResult.Failed(memberId, ErrorCode.FencedInstanceId))
                : AddMemberAndRebalance(group, request, memberId, nowMs);
        }

        if (group.IsStaticMemberFenced(memberId, request.GroupInstanceId))
        {
            return Task.FromResult(JoinGroupResult.Failed(memberId, ErrorCode.FencedInstanceId));
        }

        var instanceNotFound = request.GroupInstanceId is not null && group.StaticMemberId(request.GroupInstanceId) is null;
        if (!group.Has(memberId) || instanceNotFound)
        {
            return Task.FromResult(JoinGroupResult.Failed(memberId, ErrorCode.UnknownMemberId));
        }

        var member = group.Get(memberId);
        switch (group.State)
        {
            case GroupState.PreparingRebalance:
                return UpdateMemberAndRebalance(group, member, request, nowMs);

            case GroupState.CompletingRebalance when member.Matches(request.Protocols):
                // The member lost our JoinGroup answer and asks again: same generation, same answer.
                return Task.FromResult(CurrentGeneration(group, member, includeMembers: group.IsLeader(memberId)));

            case GroupState.Stable when !group.IsLeader(memberId) && member.Matches(request.Protocols):
                // A follower with nothing new: it may sync again without a rebalance.
                return Task.FromResult(CurrentGeneration(group, member, includeMembers: false));

            case GroupState.CompletingRebalance or GroupState.Stable:
                // Changed metadata, or the leader asking for a rebalance (e.g. because topic metadata changed).
                return UpdateMemberAndRebalance(group, member, request, nowMs);

            default:
                return Task.FromResult(JoinGroupResult.Failed(memberId, ErrorCode.UnknownMemberId));
        }
    }

    private Task<JoinGroupResult> AddMemberAndRebalance(ConsumerGroup group, JoinRequest request, string memberId, long nowMs)
    {
        var member = new GroupMember(
            memberId,
            request.GroupInstanceId,
            request.ClientId,
            request.ClientHost,
            request.SessionTimeoutMs,
            request.RebalanceTimeoutMs,
            request.ProtocolType,
            request.Protocols)
        {
            IsNew = true,
            LastHeartbeatMs = nowMs,
        };

        if (group.State == GroupState.PreparingRebalance && group.GenerationId == 0)
        {
            group.NewMemberAdded = true;
        }

        var joined = member.AwaitJoin();
        group.Add(member);
        group.RemovePending(memberId);
        MaybePrepareRebalance(group, nowMs, $"member {memberId} joined");
        return joined;
    }

    private Task<JoinGroupResult> UpdateMemberAndRebalance(ConsumerGroup group, GroupMember member, JoinRequest request, long nowMs)
    {
        UpdateMember(member, request);
        var joined = member.AwaitJoin();
        MaybePrepareRebalance(group, nowMs, $"member {member.MemberId} rejoined");
        return joined;
    }

    private static void UpdateMember(GroupMember member, JoinRequest request)
    {
        member.Protocols = request.Protocols;
        member.SessionTimeoutMs = request.SessionTimeoutMs;
        member.RebalanceTimeoutMs = request.RebalanceTimeoutMs;
        member.ClientId = request.ClientId;
        member.ClientHost = request.ClientHost;
    }

    private static JoinGroupResult CurrentGeneration(ConsumerGroup group, GroupMember member, bool includeMembers) => new(
        ErrorCode.None,
        group.GenerationId,
        group.ProtocolName,
        group.LeaderId ?? string.Empty,
        member.MemberId,
        includeMembers ? group.CurrentMemberMetadata() : []);
}
