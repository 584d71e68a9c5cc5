using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Confluent.SchemaRegistry;

namespace Stormline.RegistryBench;

/// <summary>The workloads, each against one registry URL: registrations (each a new schema in its own subject, so no
/// compatibility check is timed), look-ups by id over HTTP, and the Confluent client's cached look-up.</summary>
public sealed class RegistryWorkloads(string url, string run) : IDisposable
{
    private const string MediaType = "application/vnd.schemaregistry.v1+json";

    private readonly HttpClient _http = Client(url);

    public static string Schema(string run, int i) =>
        $$"""{"type":"record","name":"Bench{{i}}","namespace":"bench.{{run}}","fields":[{"name":"id","type":"string"},{"name":"amount","type":"long"},{"name":"f{{i}}","type":"int","default":0}]}""";

    public async Task<int> RegisterAsync(int i)
    {
        using var content = new StringContent(JsonSerializer.Serialize(new { schema = Schema(run, i) }), Encoding.UTF8, MediaType);
        using var response = await _http.PostAsync($"/subjects/{run}-{i}-value/versions", content);
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt32()
            : throw new InvalidOperationException($"register {i} at {url}: {(int)response.StatusCode} {body}");
    }

    public async Task GetByIdAsync(int id)
    {
        using var response = await _http.GetAsync($"/schemas/ids/{id}");
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET /schemas/ids/{id} at {url}: {(int)response.StatusCode}");
        }

        await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>What a Confluent deserializer does per message once warm: <c>GetSchemaAsync(id)</c> answered from the client's cache.</summary>
    public static async Task<Latencies> CachedClientAsync(string url, IReadOnlyList<int> ids, int calls)
    {
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = url });
        foreach (var id in ids)
        {
            await client.GetSchemaAsync(id); // fills the cache: every timed call below is a hit
        }

        return await Latencies.MeasureAsync(calls, 1, i => client.GetSchemaAsync(ids[i % ids.Count]));
    }

    public void Dispose() => _http.Dispose();

    private static HttpClient Client(string url)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaType));
        return http;
    }
}
