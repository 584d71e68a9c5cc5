namespace Stormline.EventSourcing.Tests.Sample;

/// <summary>A value object with personal fields: they are sealed wherever it appears, in lists too.</summary>
public sealed record CustomerAddress(string Street, string? Phone, string City)
{
    public static readonly IReadOnlyList<string> PersonalFields = ["street", "phone"];
}
