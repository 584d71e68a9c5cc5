namespace Stormline.EventSourcing.Tests.Sample;

public sealed record MemberReferral(string Code, string Email)
{
    public static readonly IReadOnlyList<string> PersonalFields = ["email"];
}
