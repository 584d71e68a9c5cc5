using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Stormline.Hosting.Http;

/// <summary>
/// Reads a request body as a JSON object by hand rather than through model binding, so malformed JSON and wrong types
/// come back as 400 problem+json that names the field instead of a bare 400.
/// </summary>
public static class JsonBody
{
    private const int MaxBytes = 1 << 20;

    /// <summary>The body as an object; an empty body is an empty object when <paramref name="optional"/>. Null and a problem otherwise.</summary>
    public static async Task<(JsonObject? Body, IResult? Problem)> Read(HttpRequest request, bool optional, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > MaxBytes) return (null, Problems.Invalid("body", $"must be at most {MaxBytes} bytes"));
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0)
            return optional ? (new JsonObject(), null) : (null, Problems.Invalid("body", "is empty; send a JSON object"));
        try
        {
            return JsonNode.Parse(buffer.ToArray()) is JsonObject body
                ? (body, null)
                : (null, Problems.Invalid("body", "must be a JSON object"));
        }
        catch (JsonException e)
        {
            return (null, Problems.Invalid("body", $"is not valid JSON: {e.Message}"));
        }
    }
}
