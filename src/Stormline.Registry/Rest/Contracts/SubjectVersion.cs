using System.Text.Json.Serialization;

namespace Stormline.Registry.Rest.Contracts;

/// <summary>A (subject, version) pair: <c>GET /schemas/ids/{id}/versions</c>.</summary>
public sealed record SubjectVersion(
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("version")] int Version);
