namespace Stormline.Broker.Groups;

/// <summary>A group as ListGroups shows it. The protocol type is empty for groups that only store offsets.</summary>
internal sealed record GroupOverview(string GroupId, string ProtocolType, GroupState State);
