namespace Stormline.EventSourcing.Tests.Sample;

/// <summary>An event with personal data, marked as <c>stormline generate</c> marks it: the subject and the personal fields by wire name.</summary>
public sealed record CustomerRegistered(string CustomerId, string Email, CustomerAddress Address, IReadOnlyList<CustomerAddress> Previous, DateTimeOffset At)
{
    public const string DataSubject = "customerId";

    public static readonly IReadOnlyList<string> PersonalFields = ["email"];
}
