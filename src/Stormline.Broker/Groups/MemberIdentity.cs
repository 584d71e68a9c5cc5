namespace Stormline.Broker.Groups;

/// <summary>A member named in LeaveGroup: by member id, or (v3, static members) by group instance id.</summary>
internal readonly record struct MemberIdentity(string MemberId, string? GroupInstanceId);
