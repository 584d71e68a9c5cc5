using System.Text.Json.Nodes;

namespace Stormline.EventSourcing.PersonalData;

/// <summary>
/// One personal field of an event: its JSON path as segments ("[]" stands for every item of an array) and the value it
/// reads as once its subject's key is erased.
/// </summary>
public sealed record ProtectedField(IReadOnlyList<string> Segments, JsonNode? Erased)
{
    public const string EachItem = "[]";

    /// <summary>"shippingAddress", "lines.[].note": the associated data of its envelopes.</summary>
    public string Path { get; } = string.Join('.', Segments);
}
