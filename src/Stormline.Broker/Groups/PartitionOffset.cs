namespace Stormline.Broker.Groups;

/// <summary>A committed offset together with the partition it belongs to.</summary>
internal readonly record struct PartitionOffset(string Topic, int Partition, CommittedOffset Committed);
