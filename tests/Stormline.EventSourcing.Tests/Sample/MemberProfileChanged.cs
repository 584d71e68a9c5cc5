namespace Stormline.EventSourcing.Tests.Sample;

/// <summary>An event with personal fields of every JSON shape: text, numbers, an optional field, a whole object, a list, fields of list items and of a nested object.</summary>
public sealed record MemberProfileChanged(
    string MemberId,
    string Name,
    int Age,
    decimal Balance,
    string? Nickname,
    MemberAddress Home,
    IReadOnlyList<string> Tags,
    IReadOnlyList<MemberContact> Contacts,
    Membership Membership,
    string Note)
{
    public const string DataSubject = "memberId";

    public static readonly IReadOnlyList<string> PersonalFields = ["name", "age", "balance", "nickname", "home", "tags"];
}
