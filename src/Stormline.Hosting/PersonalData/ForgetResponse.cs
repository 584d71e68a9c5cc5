using System.Text.Json.Serialization;

namespace Stormline.Hosting.PersonalData;

/// <summary>What an erasure did: how many keys of the subject were deleted (0 when the service held none) and which event types it protects.</summary>
public sealed record ForgetResponse(
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("keysDeleted")] int KeysDeleted,
    [property: JsonPropertyName("protectedEvents")] IReadOnlyList<string> ProtectedEvents,
    [property: JsonPropertyName("erasedAt")] DateTimeOffset ErasedAt);
