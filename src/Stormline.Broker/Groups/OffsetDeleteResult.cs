using Stormline.Broker.Protocol;

namespace Stormline.Broker.Groups;

/// <summary>What OffsetDelete answers: a group error, or an error per named partition.</summary>
internal sealed record OffsetDeleteResult(ErrorCode Error, IReadOnlyDictionary<(string Topic, int Partition), ErrorCode> Partitions)
{
    public static OffsetDeleteResult Failed(ErrorCode error) => new(error, new Dictionary<(string Topic, int Partition), ErrorCode>());
}
