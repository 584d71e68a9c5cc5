using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace Stormline.Registry.Rest;

/// <summary>Request and response plumbing shared by the endpoints: Confluent's media type, lenient flags, strict bodies.</summary>
internal static class RegistryHttp
{
    public const string ContentType = "application/vnd.schemaregistry.v1+json";

    public static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Messages quote names ('subject'); this is JSON for API clients, never embedded in HTML, so keep them readable.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IResult Ok<T>(T value) => Results.Json(value, Json, ContentType);

    public static IResult Raw(string json) => Results.Text(json, ContentType);

    /// <summary>A boolean query flag; the .NET client sends <c>False</c>/<c>True</c>, curl users send <c>true</c>.</summary>
    public static bool Flag(HttpRequest request, string name) =>
        bool.TryParse(request.Query[name].ToString(), out var value) && value;

    public static string? Text(HttpRequest request, string name) => request.Query[name].ToString() is { Length: > 0 } text ? text : null;

    /// <summary>An integer query parameter, <paramref name="otherwise"/> when absent; a malformed one is a 422.</summary>
    public static int Number(HttpRequest request, string name, int otherwise) =>
        Text(request, name) is not { } text ? otherwise
        : int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value
        : throw RegistryErrors.UnprocessableEntity($"query parameter '{name}' is not an integer: '{text}'");

    /// <summary>
    /// Reads a JSON body whatever its declared content type (Confluent accepts its own types, application/json and
    /// octet-stream). Malformed or mistyped JSON is a 422, as in Confluent's rest-utils.
    /// </summary>
    public static async Task<T> BodyAsync<T>(HttpRequest request)
        where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, Json, request.HttpContext.RequestAborted)
                ?? throw RegistryErrors.UnprocessableEntity("the body is null");
        }
        catch (JsonException ex)
        {
            throw RegistryErrors.UnprocessableEntity(ex.Message);
        }
        catch (BadHttpRequestException ex)
        {
            throw new RegistryException(ex.StatusCode, ex.StatusCode, $"Bad request: {ex.Message}");
        }
    }
}
