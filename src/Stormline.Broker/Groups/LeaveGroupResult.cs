using Stormline.Broker.Protocol;

namespace Stormline.Broker.Groups;

/// <summary>The answer to LeaveGroup: a group-level error, and one error per member named in the request.</summary>
internal sealed record LeaveGroupResult(ErrorCode Error, IReadOnlyList<ErrorCode> MemberErrors);
