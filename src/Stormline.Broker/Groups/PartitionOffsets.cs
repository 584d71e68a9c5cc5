using Stormline.Broker.Protocol;

namespace Stormline.Broker.Groups;

/// <summary>
/// How committed offsets are written in the broker's own files (the offsets log and the transaction state): a count,
/// then per partition topic, partition, offset, leader epoch, metadata and commit time in Kafka's classic primitives.
/// </summary>
internal static class PartitionOffsets
{
    public static void Write(KafkaWriter writer, IReadOnlyCollection<PartitionOffset> offsets)
    {
        writer.WriteInt32(offsets.Count);
        foreach (var (topic, partition, committed) in offsets)
        {
            writer.WriteString(topic);
            writer.WriteInt32(partition);
            writer.WriteInt64(committed.Offset);
            writer.WriteInt32(committed.LeaderEpoch);
            writer.WriteString(committed.Metadata);
            writer.WriteInt64(committed.CommitTimestampMs);
        }
    }

    public static List<PartitionOffset> Read(KafkaReader reader)
    {
        var count = reader.ReadInt32();
        var offsets = new List<PartitionOffset>(Math.Clamp(count, 0, 1024));
        for (var i = 0; i < count; i++)
        {
            var topic = reader.ReadString();
            var partition = reader.ReadInt32();
            var offset = reader.ReadInt64();
            var epoch = reader.ReadInt32();
            var metadata = reader.ReadNullableString();
            var timestamp = reader.ReadInt64();
            offsets.Add(new PartitionOffset(topic, partition, new CommittedOffset(offset, epoch, metadata, timestamp)));
        }

        return offsets;
    }
}
