namespace Stormline.Broker.Groups;

/// <summary>One member in a <see cref="GroupDescription"/>.</summary>
internal sealed record DescribedMember(string MemberId, string? GroupInstanceId, string ClientId, string ClientHost, byte[] Metadata, byte[] Assignment);
