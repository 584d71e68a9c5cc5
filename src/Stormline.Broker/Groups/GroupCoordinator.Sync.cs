using Microsoft.Extensions.Logging;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Groups;

/// <summary>SyncGroup.</summary>
internal sealed partial class GroupCoordinator
{
    /// <summary>
    /// Followers wait until the leader's SyncGroup brings the assignments; the leader's sync makes the group Stable
    /// and answers everyone (members the leader left out get an empty assignment). Never throws for protocol errors.
    /// </summary>
    public Task<SyncGroupResult> SyncGroup(
        string groupId, int generationId, string memberId, string? groupInstanceId, IReadOnlyList<(string MemberId, byte[] Assignment)> assignments,
        string? protocolType = null, string? protocolName = null)
    {
        if (groupId.Length == 0)
        {
            return Task.FromResult(SyncGroupResult.Failed(ErrorCode.InvalidGroupId));
        }

        if (!TryGetGroup(groupId, out var group))
        {
            return Task.FromResult(SyncGroupResult.Failed(ErrorCode.UnknownMemberId));
        }

        lock (group.Gate)
        {
            var now = Now;
            if (group.State == GroupState.Dead)
            {
                return Task.FromResult(SyncGroupResult.Failed(ErrorCode.CoordinatorNotAvailable));
            }

            if (group.IsStaticMemberFenced(memberId, groupInstanceId))
            {
                return Task.FromResult(SyncGroupResult.Failed(ErrorCode.FencedInstanceId));
            }

            if (!group.Has(memberId))
            {
                return Task.FromResult(SyncGroupResult.Failed(ErrorCode.UnknownMemberId));
            }

            if (generationId != group.GenerationId)
            {
                return Task.FromResult(SyncGroupResult.Failed(ErrorCode.IllegalGeneration));
            }

            // v5+ (KIP-559) names the protocol type and protocol the member believes in; as Kafka, a value only
            // counts when both the request and the group have one.
            if (Differs(protocolType, group.ProtocolType) || Differs(protocolName, group.ProtocolName))
            {
                return Task.FromResult(SyncGroupResult.Failed(ErrorCode.InconsistentGroupProtocol));
            }

            var member = group.Get(memberId);
            switch (group.State)
            {
                case GroupState.PreparingRebalance:
                    return Task.FromResult(SyncGroupResult.Failed(ErrorCode.RebalanceInProgress));

                case GroupState.CompletingRebalance:
                    var synced = member.AwaitSync();
                    if (group.IsLeader(memberId))
                    {
                        _logger.LogInformation("Group {GroupId} generation {Generation}: assignment received from leader {Leader}", groupId, group.GenerationId, memberId);
                        SetAndPropagateAssignment(group, assignments, now);
                        group.TransitionTo(GroupState.Stable);
                        _membership.Save(group);
                    }

                    return synced;

                case GroupState.Stable:
                    member.LastHeartbeatMs = now;
                    return Task.FromResult(new SyncGroupResult(ErrorCode.None, member.Assignment, group.ProtocolType, group.ProtocolName));

                default:
                    return Task.FromResult(SyncGroupResult.Failed(ErrorCode.UnknownMemberId));
            }
        }
    }

    private static bool Differs(string? requested, string? held) => requested is not null && held is not null && requested != held;

    private static void SetAndPropagateAssignment(ConsumerGroup group, IReadOnlyList<(string MemberId, byte[] Assignment)> assignments, long nowMs)
    {
        var byMember = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (memberId, assignment) in assignments)
        {
            byMember[memberId] = assignment;
        }

        foreach (var member in group.Members)
        {
            member.Assignment = byMember.GetValueOrDefault(member.MemberId) ?? [];
            if (member.CompleteSync(new SyncGroupResult(ErrorCode.None, member.Assignment, group.ProtocolType, group.ProtocolName)))
            {
                // The session clock restarts once the member has its assignment.
                member.LastHeartbeatMs = nowMs;
            }
        }
    }
}
