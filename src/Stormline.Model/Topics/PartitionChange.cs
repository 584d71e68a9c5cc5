namespace Stormline.Model.Topics;

/// <summary>A topic whose partition count differs from the plan; only raising is possible in Kafka.</summary>
public sealed record PartitionChange(string Topic, int From, int To)
{
    public bool CanApply => To > From;
}
