using System.Text;
using System.Text.Json.Nodes;

namespace Stormline.Registry.Tests.Infrastructure;

/// <summary>Plain HTTP calls to one registry, with Confluent's media type; answers as (status, JSON body).</summary>
public sealed class RegistryClient(HttpClient http) : IDisposable
{
    private readonly HttpClient _http = http;

    public RegistryClient(string url)
        : this(RegistryFixture.Client(url))
    {
    }

    public async Task<(int Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, RegistryFixture.MediaType);
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public Task<(int Status, JsonNode? Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<(int Status, JsonNode? Body)> PostAsync(string path, string body) => SendAsync(HttpMethod.Post, path, body);

    public Task<(int Status, JsonNode? Body)> PutAsync(string path, string body) => SendAsync(HttpMethod.Put, path, body);

    public async Task<int> RegisterAsync(string subject, string schema, string? schemaType = null)
    {
        var (status, body) = await PostAsync($"/subjects/{subject}/versions", RegistryFixture.SchemaBody(schema, schemaType));
        Assert.True(status == 200, $"register {subject}: {status} {body?.ToJsonString()}");
        return body!["id"]!.GetValue<int>();
    }

    public async Task<int> IdOfAsync(string subject, int version, bool deleted = false) =>
        (await GetAsync($"/subjects/{subject}/versions/{version}{(deleted ? "?deleted=true" : "")}")).Body!["id"]!.GetValue<int>();

    public void Dispose() => _http.Dispose();
}
