using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Stormline.OpsConsole.Tests;

/// <summary>
/// Does for an HTTP client what the console's own page does for an action: reads the CSRF token from /api/info (with
/// the same Authorization) and sends it with a JSON content type, an empty object when the action has no body.
/// </summary>
internal sealed class ConsoleActionHandler() : DelegatingHandler(new HttpClientHandler())
{
    public static HttpClient Client(string url, string? bearer = null)
    {
        var http = new HttpClient(new ConsoleActionHandler()) { BaseAddress = new Uri(url) };
        if (bearer is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return http;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Get)
        {
            using var infoRequest = new HttpRequestMessage(HttpMethod.Get, new Uri(request.RequestUri!, "/api/info"));
            infoRequest.Headers.Authorization = request.Headers.Authorization;
            using var info = await base.SendAsync(infoRequest, cancellationToken);
            var csrf = JsonNode.Parse(await info.Content.ReadAsStringAsync(cancellationToken))?["csrfToken"]?.GetValue<string>();
            if (csrf is not null)
            {
                request.Headers.Add("X-Stormline-CSRF", csrf);
            }

            request.Content ??= new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
