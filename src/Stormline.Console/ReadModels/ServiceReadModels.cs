using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Stormline.OpsConsole.Api;

namespace Stormline.OpsConsole.ReadModels;

/// <summary>
/// The read models of the services the console watches, read from and rebuilt through each service's own
/// <c>/stormline/read-models</c> endpoints. A service's address is the origin of its health URL
/// (<see cref="ConsoleOptions.HealthChecks"/>); only those services are reached, so the console cannot be pointed at
/// another host.
/// </summary>
internal sealed class ServiceReadModels(ConsoleOptions options)
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private readonly Dictionary<string, Uri> _services = options.HealthChecks.ToDictionary(
        s => s.Key, s => new Uri(new Uri(s.Value).GetLeftPart(UriPartial.Authority) + "/"), StringComparer.Ordinal);

    /// <summary>Each service with its read models; a service that does not answer, or has no read-model endpoints, says why.</summary>
    public async Task<IReadOnlyList<ServiceReadModelsRow>> ListAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(_services.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => ListAsync(s.Key, s.Value, cancellationToken)));

    private async Task<ServiceReadModelsRow> ListAsync(string service, Uri baseUrl, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri(baseUrl, "stormline/read-models"), cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return new ServiceReadModelsRow(service, baseUrl.ToString(), [], "no read-model endpoints (not a Stormline.Hosting service)");
            }

            if (!response.IsSuccessStatusCode)
            {
                return new ServiceReadModelsRow(service, baseUrl.ToString(), [], $"HTTP {(int)response.StatusCode} from {baseUrl}stormline/read-models");
            }

            var models = await response.Content.ReadFromJsonAsync<List<JsonElement>>(JsonSerializerOptions.Web, cancellationToken) ?? [];
            return new ServiceReadModelsRow(service, baseUrl.ToString(), models, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new ServiceReadModelsRow(service, baseUrl.ToString(), [], Unreachable(baseUrl, ex));
        }
    }

    /// <summary>Starts a rebuild on the service; its 404 and 409 come back with the service's own explanation.</summary>
    /// <exception cref="ConsoleProblem">Unknown service (404), the service refused (its status) or did not answer (502).</exception>
    public async Task<JsonElement> RebuildAsync(string service, string readModel, CancellationToken cancellationToken)
    {
        if (!_services.TryGetValue(service, out var baseUrl))
        {
            throw ConsoleProblem.NotFound($"There is no service '{service}' in this console's health checks; it knows: {string.Join(", ", _services.Keys.Order(StringComparer.Ordinal))}.");
        }

        var url = new Uri(baseUrl, $"stormline/read-models/{Uri.EscapeDataString(readModel)}/rebuild");
        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsync(url, null, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ConsoleProblem(StatusCodes502, "Service unreachable", $"'{service}': {Unreachable(baseUrl, ex)}; no rebuild was started.");
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return await response.Content.ReadFromJsonAsync<JsonElement>(JsonSerializerOptions.Web, cancellationToken);
            }

            var detail = await ServiceDetailAsync(response, cancellationToken);
            throw response.StatusCode switch
            {
                HttpStatusCode.NotFound => ConsoleProblem.NotFound($"'{service}': {detail}"),
                HttpStatusCode.Conflict => ConsoleProblem.Conflict($"'{service}': {detail}"),
                _ => new ConsoleProblem(StatusCodes502, "Service error", $"'{service}' answered HTTP {(int)response.StatusCode} to {url}: {detail}"),
            };
        }
    }

    private const int StatusCodes502 = (int)HttpStatusCode.BadGateway;

    private static string Unreachable(Uri baseUrl, Exception ex) =>
        ex is TaskCanceledException ? $"no answer from {baseUrl} within 10 s" : $"{baseUrl} did not answer ({ex.Message})";

    /// <summary>The service's problem detail when it sent one, else the start of its body.</summary>
    private static async Task<string> ServiceDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var problem = JsonDocument.Parse(body);
            if (problem.RootElement.ValueKind == JsonValueKind.Object && problem.RootElement.TryGetProperty("detail", out var detail) && detail.GetString() is { } text)
            {
                return text;
            }
        }
        catch (JsonException)
        {
            // not problem+json: the raw text is the best explanation there is
        }

        return body.Length > 300 ? body[..300] + "…" : body.Length > 0 ? body : response.ReasonPhrase ?? "no detail";
    }
}

/// <summary>One service's read models as its <c>GET /stormline/read-models</c> lists them, or why they could not be read.</summary>
internal sealed record ServiceReadModelsRow(string Service, string BaseUrl, IReadOnlyList<JsonElement> ReadModels, string? Error);
