using Stormline.Broker.Protocol;

namespace Stormline.Broker.Groups;

/// <summary>Transactional offsets (KIP-98, KIP-447): TxnOffsetCommit's member check, and the commit when the transaction commits.</summary>
internal sealed partial class GroupCoordinator
{
    /// <summary>
    /// TxnOffsetCommit v3+ names the consumer's generation and member (KIP-447), checked as an OffsetCommit's are, so
    /// a zombie whose partitions moved to another member cannot commit; v0-2 send generation -1 and no member, and
    /// are not checked (the producer epoch fences zombies there).
    /// </summary>
    public ErrorCode CheckTransactionalCommitter(string groupId, int generationId, string memberId, string? groupInstanceId)
    {
        if (generationId < 0 && memberId.Length == 0)
        {
            return ErrorCode.None;
        }

        if (!TryGetGroup(groupId, out var group))
        {
            return ErrorCode.IllegalGeneration;
        }

        lock (group.Gate)
        {
            return CheckCommitter(group, generationId, memberId, groupInstanceId);
        }
    }

    /// <summary>Applies a committed transaction's offsets; the same commit applied again (after a crash) changes nothing.</summary>
    /// <exception cref="IOException">The offsets log could not be written; nothing was committed.</exception>
    public void CommitTransactionalOffsets(string groupId, IReadOnlyList<PartitionOffset> offsets) => Offsets.Commit(groupId, offsets);
}
