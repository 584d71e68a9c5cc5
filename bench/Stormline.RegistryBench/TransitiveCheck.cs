using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Stormline.RegistryBench;

/// <summary>
/// The compatibility check's cost with a long history: a 200-field Avro record with 50 registered versions (each adds
/// an optional field, so every level accepts it), then further registrations timed: under FULL_TRANSITIVE each is
/// checked both ways against every version, under BACKWARD against the latest only (the peer in the same run).
/// </summary>
public static class TransitiveCheck
{
    private const string MediaType = "application/vnd.schemaregistry.v1+json";

    public static async Task<Latencies> MeasureAsync(string url, string level, int history, int fields, int timed)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaType));
        var subject = $"wide-{level.ToLowerInvariant()}-value";
        using (var config = new StringContent(JsonSerializer.Serialize(new { compatibility = level }), Encoding.UTF8, MediaType))
        {
            (await http.PutAsync($"/config/{subject}", config)).EnsureSuccessStatusCode();
        }

        for (var version = 0; version < history; version++)
        {
            await RegisterAsync(http, subject, Schema(fields, version));
        }

        var result = new Latencies();
        var run = Stopwatch.StartNew();
        for (var version = history; version < history + timed; version++)
        {
            var clock = Stopwatch.GetTimestamp();
            await RegisterAsync(http, subject, Schema(fields, version));
            result.Add(clock);
        }

        result.Elapsed = run.Elapsed;
        return result;
    }

    private static string Schema(int fields, int extra)
    {
        var all = Enumerable.Range(0, fields).Select(i => $$"""{"name":"f{{i}}","type":"long","default":0}""")
            .Concat(Enumerable.Range(0, extra).Select(i => $$"""{"name":"x{{i}}","type":["null","string"],"default":null}"""));
        return $$"""{"type":"record","name":"Wide","namespace":"bench","fields":[{{string.Join(",", all)}}]}""";
    }

    private static async Task RegisterAsync(HttpClient http, string subject, string schema)
    {
        using var content = new StringContent(JsonSerializer.Serialize(new { schema }), Encoding.UTF8, MediaType);
        using var response = await http.PostAsync($"/subjects/{subject}/versions", content);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"register under {subject}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
