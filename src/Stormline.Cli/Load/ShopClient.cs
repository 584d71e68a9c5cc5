using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Stormline.Cli.Load;

/// <summary>The shop's HTTP API as the load generator and the invariant check use it.</summary>
public sealed class ShopClient(HttpClient http, LoadOptions options)
{
    /// <summary>Builds the pooled client: many connections to one host, short timeouts so a stuck service shows as errors.</summary>
    public static HttpClient CreateHttp(int maxConnections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = maxConnections,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>POST /orders; the new order's id, or throws with the status and body.</summary>
    public async Task<string> CreateOrderAsync(OrderTrace trace, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync($"{options.OrdersUrl}/orders", DeclineRule.Body(trace), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new HttpRequestException($"POST /orders answered {(int)response.StatusCode}: {Shorten(body)}");
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("orderId").ToString();
    }

    /// <summary>POST /orders/{id}/cancel; the status code (2xx accepted, 409 too late).</summary>
    public Task<string> GetStringAsync(string url, CancellationToken cancellationToken) => http.GetStringAsync(url, cancellationToken);

    public async Task<int> CancelAsync(string orderId, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync($"{options.OrdersUrl}/orders/{orderId}/cancel", null, cancellationToken);
        return (int)response.StatusCode;
    }

    /// <summary>GET a resource as JSON; null on 404.</summary>
    public async Task<JsonDocument?> GetAsync(string url, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(url, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
