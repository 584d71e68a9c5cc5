using System.Text.Json.Serialization;

namespace Stormline.Registry.Rest.Contracts;

/// <summary>Verdict of <c>POST /compatibility/...</c>; <c>messages</c> only with <c>verbose=true</c>.</summary>
public sealed record CompatibilityCheckResponse(
    [property: JsonPropertyName("is_compatible")] bool IsCompatible,
    [property: JsonPropertyName("messages")] IReadOnlyList<string>? Messages);
