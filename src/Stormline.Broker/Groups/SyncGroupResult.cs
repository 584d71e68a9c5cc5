using Stormline.Broker.Protocol;

namespace Stormline.Broker.Groups;

/// <summary>
/// The answer to one SyncGroup request: the member's assignment, opaque bytes chosen by the leader, and with it the
/// group's protocol type and chosen protocol (answered from v5, KIP-559; null with an error, as Kafka answers).
/// </summary>
internal sealed record SyncGroupResult(ErrorCode Error, byte[] Assignment, string? ProtocolType = null, string? ProtocolName = null)
{
    public static SyncGroupResult Failed(ErrorCode error) => new(error, []);
}
