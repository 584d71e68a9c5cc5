namespace Stormline.Ops.Collecting;

/// <summary>
/// Lets a new snapshot reuse the previous snapshot's objects where nothing changed, so the history of an idle
/// topic or group costs one reference per poll instead of a copy. Snapshots are immutable, so sharing is safe.
/// </summary>
internal static class SnapshotSharing
{
    public static TopicSnapshot Topic(TopicSnapshot? before, string name, bool isInternal, List<PartitionSnapshot> partitions)
    {
        if (before is null || before.Partitions.Count != partitions.Count)
        {
            return new TopicSnapshot(name, isInternal, partitions);
        }

        var unchanged = true;
        for (var i = 0; i < partitions.Count; i++)
        {
            var shared = Partition(before.Partitions[i], partitions[i]);
            unchanged &= ReferenceEquals(shared, before.Partitions[i]);
            partitions[i] = shared;
        }

        return unchanged && before.IsInternal == isInternal ? before : new TopicSnapshot(name, isInternal, partitions);
    }

    public static ConsumerGroupSnapshot Group(ConsumerGroupSnapshot? before, ConsumerGroupSnapshot now)
    {
        if (before is null)
        {
            return now;
        }

        var offsets = SameItems(before.Offsets, now.Offsets) ? before.Offsets : now.Offsets;
        var members = before.Members.Count == now.Members.Count && before.Members.Zip(now.Members).All(p => SameMember(p.First, p.Second)) ? before.Members : now.Members;
        var shared = now with { Offsets = offsets, Members = members };
        return ReferenceEquals(offsets, before.Offsets) && ReferenceEquals(members, before.Members)
            && before.State == now.State && before.PartitionAssignor == now.PartitionAssignor && before.Error == now.Error
            ? before
            : shared;
    }

    private static PartitionSnapshot Partition(PartitionSnapshot before, PartitionSnapshot now)
    {
        var replicas = Same(before.Replicas, now.Replicas) ? before.Replicas : now.Replicas;
        var inSync = Same(before.InSyncReplicas, now.InSyncReplicas) ? before.InSyncReplicas : now.InSyncReplicas;
        var unchanged = ReferenceEquals(replicas, before.Replicas) && ReferenceEquals(inSync, before.InSyncReplicas)
            && before.Id == now.Id && before.Leader == now.Leader && before.EarliestOffset == now.EarliestOffset
            && before.LatestOffset == now.LatestOffset && before.Error == now.Error && before.SizeBytes == now.SizeBytes;
        return unchanged ? before : now with { Replicas = replicas, InSyncReplicas = inSync };
    }

    private static bool SameMember(GroupMemberSnapshot before, GroupMemberSnapshot now) =>
        before.MemberId == now.MemberId && before.ClientId == now.ClientId && before.Host == now.Host && before.Assignment.SequenceEqual(now.Assignment);

    private static bool Same(IReadOnlyList<int> before, IReadOnlyList<int> now) => before.SequenceEqual(now);

    private static bool SameItems<T>(IReadOnlyList<T> before, IReadOnlyList<T> now) => before.SequenceEqual(now);
}
