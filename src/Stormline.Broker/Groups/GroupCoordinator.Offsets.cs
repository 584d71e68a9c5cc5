using Microsoft.Extensions.Logging;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Groups;

/// <summary>OffsetCommit and OffsetFetch.</summary>
internal sealed partial class GroupCoordinator
{
    /// <summary>
    /// Validates a commit as Kafka does and stores it durably; the error applies to every partition of the request.
    /// Generation -1 is a commit without group management, allowed only while the group is Empty (it creates the
    /// group if needed). Otherwise the member must be in the group (UNKNOWN_MEMBER_ID) at the current generation
    /// (ILLEGAL_GENERATION); while the members wait for their assignment the answer is REBALANCE_IN_PROGRESS.
    /// A commit during the join phase is accepted (members learn about the rebalance from their heartbeat).
    /// </summary>
    public ErrorCode CommitOffsets(string groupId, int generationId, string memberId, string? groupInstanceId, IReadOnlyList<PartitionOffset> offsets)
    {
        if (!TryGetGroup(groupId, out var group))
        {
            if (generationId >= 0)
            {
                // A commit from a generation of a group that no longer exists.
                return ErrorCode.IllegalGeneration;
            }

            group = GetOrCreateGroup(groupId);
        }

        lock (group.Gate)
        {
            var error = CheckCommitter(group, generationId, memberId, groupInstanceId);
            return error == ErrorCode.None ? Store(groupId, offsets) : error;
        }
    }

    /// <summary>Under the group's lock: whether the member may commit for the group now (see <see cref="CommitOffsets"/>).</summary>
    private ErrorCode CheckCommitter(ConsumerGroup group, int generationId, string memberId, string? groupInstanceId)
    {
        if (group.State == GroupState.Dead)
        {
            return ErrorCode.CoordinatorNotAvailable;
        }

        if (group.IsStaticMemberFenced(memberId, groupInstanceId))
        {
            return ErrorCode.FencedInstanceId;
        }

        if (generationId < 0 && group.State == GroupState.Empty)
        {
            return ErrorCode.None;
        }

        if (!group.Has(memberId))
        {
            return ErrorCode.UnknownMemberId;
        }

        if (generationId != group.GenerationId)
        {
            return ErrorCode.IllegalGeneration;
        }

        if (group.State == GroupState.CompletingRebalance)
        {
            return ErrorCode.RebalanceInProgress;
        }

        group.Get(memberId).LastHeartbeatMs = Now;
        return ErrorCode.None;
    }

    /// <summary>Committed offsets of the group whatever its state (a group may use Kafka only to store offsets); null topics: all.</summary>
    public IReadOnlyList<PartitionOffset> FetchOffsets(string groupId) => Offsets.GetAll(groupId);

    public CommittedOffset? FetchOffset(string groupId, string topic, int partition) => Offsets.Get(groupId, topic, partition);

    private ErrorCode Store(string groupId, IReadOnlyList<PartitionOffset> offsets)
    {
        try
        {
            Offsets.Commit(groupId, offsets);
            return ErrorCode.None;
        }
        catch (IOException ex)
        {
            _logger.LogError(ex, "Could not store offsets of group {GroupId}", groupId);
            return ErrorCode.UnknownServerError;
        }
    }
}
