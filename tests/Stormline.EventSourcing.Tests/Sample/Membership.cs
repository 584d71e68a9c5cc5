namespace Stormline.EventSourcing.Tests.Sample;

/// <summary>A nested value object whose own value object holds a personal field ("membership.referral.email").</summary>
public sealed record Membership(string Tier, MemberReferral Referral);
