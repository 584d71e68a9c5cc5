using System.Text.Json.Serialization;

namespace Stormline.Drift;

/// <summary>A model event whose subject's latest registered schema is not the model's (or that has no subject at all).</summary>
public sealed record DifferingSchema(
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("event")] string Event,
    [property: JsonPropertyName("registeredVersion")] int? RegisteredVersion);
