namespace Stormline.EventSourcing.Tests.Sample;

/// <summary>A list item with one personal field ("contacts.[].value").</summary>
public sealed record MemberContact(string Kind, string Value)
{
    public static readonly IReadOnlyList<string> PersonalFields = ["value"];
}
