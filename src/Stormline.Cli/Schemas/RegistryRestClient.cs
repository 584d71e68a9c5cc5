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

    public RegistryRestClient(string url, TimeSpan timeout)
    {
        _http = new HttpClient { BaseAddress = new Uri(url.TrimEnd('/') + "/"), Timeout = timeout };
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

    /// <summary>The subject's latest version and its schema text; null when the subject does not exist.</summary>
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
