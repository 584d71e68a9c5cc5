namespace Stormline.Ops.Collecting;

/// <summary>One member of a group and the partitions it was assigned.</summary>
public sealed record GroupMemberSnapshot(string MemberId, string ClientId, string Host, IReadOnlyList<TopicPartitionKey> Assignment);
