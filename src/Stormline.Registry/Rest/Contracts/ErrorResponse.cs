using System.Text.Json.Serialization;

namespace Stormline.Registry.Rest.Contracts;

/// <summary>Confluent's error body; clients read <c>error_code</c> to tell 40401 from 40403.</summary>
public sealed record ErrorResponse(
    [property: JsonPropertyName("error_code")] int ErrorCode,
    [property: JsonPropertyName("message")] string Message);
