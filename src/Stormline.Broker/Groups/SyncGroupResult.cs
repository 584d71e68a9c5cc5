using Stormline.Broker.Protocol;

namespace Stormline.Broker.Groups;

/// <summary>The answer to one SyncGroup request: the member's assignment, opaque bytes chosen by the leader.</summary>
internal sealed record SyncGroupResult(ErrorCode Error, byte[] Assignment)
{
    public static SyncGroupResult Failed(ErrorCode error) => new(error, []);
}
