namespace Stormline.Broker.Groups;

/// <summary>
/// A decoded JoinGroup request. <see cref="RequireKnownMemberId"/> is true from v4 for dynamic members: a first join
/// with an empty member id is answered MEMBER_ID_REQUIRED with a generated id, and the member joins again with it.
/// </summary>
internal sealed record JoinRequest(
    string GroupId,
    string MemberId,
    string? GroupInstanceId,
    bool RequireKnownMemberId,
    string ClientId,
    string ClientHost,
    int SessionTimeoutMs,
    int RebalanceTimeoutMs,
    string ProtocolType,
    IReadOnlyList<GroupProtocol> Protocols);
