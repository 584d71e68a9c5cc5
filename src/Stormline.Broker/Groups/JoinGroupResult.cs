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

/// <summary>A member as the leader sees it in its JoinGroup response: id and metadata of the chosen protocol.</summary>
internal sealed record JoinedMember(string MemberId, string? GroupInstanceId, byte[] Metadata);
