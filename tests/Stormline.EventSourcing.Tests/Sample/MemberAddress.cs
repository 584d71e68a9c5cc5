namespace Stormline.EventSourcing.Tests.Sample;

/// <summary>Sealed as a whole where it is marked; it marks nothing itself.</summary>
public sealed record MemberAddress(string Street, int Floor, string? Building);
