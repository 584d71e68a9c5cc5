using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stormline.Registry.Tests.Infrastructure;

/// <summary>A registry on a free loopback port over a fresh data folder, with an HttpClient speaking Confluent's media type.</summary>
public sealed class RegistryFixture : IAsyncLifetime
{
    public const string MediaType = "application/vnd.schemaregistry.v1+json";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "stormline-registry-" + Guid.NewGuid().ToString("N"));

    public SchemaRegistryHost Host { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public string Url => Host.Url;

    public async ValueTask InitializeAsync()
    {
        Host = await SchemaRegistryHost.StartAsync(new RegistryOptions { Port = 0, DataDirectory = DataDirectory });
        Http = Client(Host.Url);
    }

    /// <summary>Stops the registry and starts a new one on the same data folder (a restart).</summary>
    public async Task RestartAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        Host = await SchemaRegistryHost.StartAsync(new RegistryOptions { Port = 0, DataDirectory = DataDirectory });
        Http = Client(Host.Url);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder is harmless
        }
    }

    public static HttpClient Client(string url)
    {
        var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaType));
        return http;
    }

    public Task<(int Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? body = null) => new RegistryClient(Http).SendAsync(method, path, body);

    public Task<(int Status, JsonNode? Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<(int Status, JsonNode? Body)> PostAsync(string path, string body) => SendAsync(HttpMethod.Post, path, body);

    /// <summary>The body Confluent expects for register/lookup/compatibility: the schema as a JSON string.</summary>
    public static string SchemaBody(string schema, string? schemaType = null) =>
        JsonSerializer.Serialize(new Dictionary<string, string?> { ["schema"] = schema, ["schemaType"] = schemaType });

    public Task<int> RegisterAsync(string subject, string schema, string? schemaType = null) => new RegistryClient(Http).RegisterAsync(subject, schema, schemaType);
}
