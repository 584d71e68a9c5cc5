using Stormline.Model.Generation;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stormline.Cli.Schemas;

/// <summary>
/// The few Confluent Schema Registry REST calls the schema commands need, so they work against any compatible registry
/// (Stormline's, Confluent's, Karapace, Apicurio's ccompat API). Error answers become <see cref="RegistryCallException"/>.
/// </summary>
public sealed class RegistryRestClient : IDisposable
{
    private const string MediaType = "application/vnd.schemaregistry.v1+json";

    private readonly HttpClient _http;

    /// <summary>Calls over <paramref name="http"/> (its base address the registry's URL, see <see cref="RegistryAccess"/>), which this client then owns.</summary>
    public RegistryRestClient(HttpClient http)
    {
        _http = http;
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaType));
    }

    /// <summary>The version of the subject that already holds this schema; null if the subject has none like it or does not exist.</summary>
    public async Task<(bool SubjectExists, int? Version)> LookupAsync(EventSchema schema)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, $"subjects/{Uri.EscapeDataString(schema.Subject)}", Body(schema), accept: [404]);
        return status == 404
            ? (body?["error_code"]?.GetValue<int>() != 40401, null)
            : (true, body!["version"]!.GetValue<int>());
    }

    public async Task<int?> LatestVersionAsync(string subject)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, $"subjects/{Uri.EscapeDataString(subject)}/versions/latest", null, accept: [404]);
        return status == 404 ? null : body!["version"]!.GetValue<int>();
    }

    /// <summary>The subject's latest version, schema text and type (AVRO when the registry leaves it out); null when it has none.</summary>
    public async Task<(int Version, string Schema, string SchemaType)?> LatestSchemaAsync(string subject)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, $"subjects/{Uri.EscapeDataString(subject)}/versions/latest", null, accept: [404]);
        return status == 404 ? null : (body!["version"]!.GetValue<int>(), body["schema"]!.GetValue<string>(), body["schemaType"]?.GetValue<string>() ?? "AVRO");
    }

    public async Task<string> LevelAsync(string subject)
    {
        var (_, body) = await SendAsync(HttpMethod.Get, $"config/{Uri.EscapeDataString(subject)}?defaultToGlobal=true", null, accept: []);
        return body?["compatibilityLevel"]?.GetValue<string>() ?? "?";
    }

    /// <summary>The level set on the subject itself, or on the registry (global) when <paramref name="subject"/> is null; null when the subject sets none.</summary>
    public async Task<string?> OwnLevelAsync(string? subject)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, ConfigPath(subject), null, accept: [404]);
        return status == 404 && body?["error_code"]?.GetValue<int>() == 40408 ? null
            : status == 404 ? throw new RegistryCallException(404, body?["error_code"]?.GetValue<int>() ?? 404, body?["message"]?.GetValue<string>() ?? "not found")
            : body?["compatibilityLevel"]?.GetValue<string>() ?? "?";
    }

    /// <summary>Sets the subject's level (the global one when <paramref name="subject"/> is null); the registry's answer, which it validated.</summary>
    public async Task<string> SetLevelAsync(string? subject, string level)
    {
        var (_, body) = await SendAsync(HttpMethod.Put, ConfigPath(subject), JsonSerializer.Serialize(new Dictionary<string, string> { ["compatibility"] = level }), accept: []);
        return body?["compatibility"]?.GetValue<string>() ?? level;
    }

    /// <summary>Drops the subject's own level, so the global one applies again (the global level resets to the registry's default).</summary>
    public Task ClearLevelAsync(string? subject) => SendAsync(HttpMethod.Delete, ConfigPath(subject), null, accept: []);

    /// <summary>Whether the schema could be registered next, with the registry's reasons when not.</summary>
    public async Task<(bool Compatible, IReadOnlyList<string> Messages)> CheckAsync(EventSchema schema)
    {
        var (_, body) = await SendAsync(HttpMethod.Post, $"compatibility/subjects/{Uri.EscapeDataString(schema.Subject)}/versions/latest?verbose=true", Body(schema), accept: []);
        var messages = body?["messages"]?.AsArray().Select(m => m!.GetValue<string>()).ToList() ?? [];
        return (body!["is_compatible"]!.GetValue<bool>(), messages);
    }

    public async Task<int> RegisterAsync(EventSchema schema)
    {
        var (_, body) = await SendAsync(HttpMethod.Post, $"subjects/{Uri.EscapeDataString(schema.Subject)}/versions", Body(schema), accept: []);
        return body!["id"]!.GetValue<int>();
    }

    public void Dispose() => _http.Dispose();

    private static string ConfigPath(string? subject) => subject is null ? "config" : $"config/{Uri.EscapeDataString(subject)}";

    /// <summary>
    /// The schema text and type. Personal-data tags travel inline (<c>confluent:tags</c>); the <c>metadata.tags</c> form
    /// (<see cref="EventSchema.Metadata"/>) is not sent: metadata is part of a schema's identity, so Confluent's serdes,
    /// which look a writer schema up by its text alone, would no longer find it.
    /// </summary>
    private static string Body(EventSchema schema) =>
        JsonSerializer.Serialize(new Dictionary<string, string> { ["schema"] = schema.Schema, ["schemaType"] = schema.SchemaType });

    private async Task<(int Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? body, int[] accept)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, MediaType);
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json;
        try
        {
            json = text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            throw new RegistryCallException((int)response.StatusCode, 0, $"the answer to {method} /{path} is not JSON: {text[..Math.Min(text.Length, 200)]}");
        }

        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode || accept.Contains(status))
        {
            return (status, json);
        }

        throw new RegistryCallException(status, json?["error_code"]?.GetValue<int>() ?? status, json?["message"]?.GetValue<string>() ?? text);
    }
}
