using Stormline.Broker.Protocol;

namespace Stormline.Broker.Groups;

/// <summary>The answer to one JoinGroup request. Only the leader receives <see cref="Members"/>.</summary>
internal sealed record JoinGroupResult(
    ErrorCode Error,
    int GenerationId,
    string? ProtocolName,
    string LeaderId,
    string MemberId,
    IReadOnlyList<JoinedMember> Members)
{
    public static JoinGroupResult Failed(string memberId, ErrorCode error) => new(error, -1, null, string.Empty, memberId, []);
}
