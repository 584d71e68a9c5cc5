namespace Stormline.Ops.Collecting;

/// <summary>One offset of one partition: where a group's next unconsumed record is.</summary>
public readonly record struct RecordPosition(string Topic, int Partition, long Offset) : IComparable<RecordPosition>
{
    public int CompareTo(RecordPosition other)
    {
        var byTopic = string.CompareOrdinal(Topic, other.Topic);
        return byTopic != 0 ? byTopic : Partition != other.Partition ? Partition.CompareTo(other.Partition) : Offset.CompareTo(other.Offset);
    }
}
