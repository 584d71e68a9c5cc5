using Stormline.Broker.Log;

namespace Stormline.Broker.Topics;

/// <summary>A topic: its id, its partition logs and its config overrides. Partitions are only ever added.</summary>
public sealed class Topic(string name, Guid id, IReadOnlyDictionary<string, string> configs)
{
    private volatile PartitionLog[] _partitions = [];

    public string Name { get; } = name;

    public Guid Id { get; } = id;

    /// <summary>Only the topic's overrides; defaults come from the broker.</summary>
    public IReadOnlyDictionary<string, string> Configs { get; internal set; } = configs;

    public IReadOnlyList<PartitionLog> Partitions => _partitions;

    /// <summary>Serialises the changes of this one topic (delete, new partitions, configs) without holding up others.</summary>
    internal Lock Changes { get; } = new();

    public bool IsInternal => Name.StartsWith("__", StringComparison.Ordinal);

    internal void SetPartitions(PartitionLog[] partitions) => _partitions = partitions;

    public PartitionLog? Partition(int index)
    {
        var partitions = _partitions;
        return index >= 0 && index < partitions.Length ? partitions[index] : null;
    }
}
