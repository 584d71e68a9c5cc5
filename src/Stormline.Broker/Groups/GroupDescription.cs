using Stormline.Broker.Protocol;

namespace Stormline.Broker.Groups;

/// <summary>
/// A group as DescribeGroups shows it. As in Kafka, the protocol and each member's metadata and assignment are only
/// filled in while the group is Stable; an unknown group is described as Dead with no error.
/// </summary>
internal sealed record GroupDescription(
    ErrorCode Error,
    string GroupId,
    string State,
    string ProtocolType,
    string ProtocolData,
    IReadOnlyList<DescribedMember> Members);
