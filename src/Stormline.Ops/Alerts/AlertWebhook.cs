using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace Stormline.Ops.Alerts;

/// <summary>
/// POSTs alerts in Alertmanager's webhook format (version 4), so a receiver written for Alertmanager accepts
/// Stormline's alerts unchanged. A failed POST is logged, never thrown: alerting must not stop the evaluator.
/// </summary>
internal sealed class AlertWebhook(Uri url, HttpClient http, ILogger logger)
{
    public async Task SendAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        var payload = new WebhookPayload(
            "4",
            alerts.Any(a => a.State == AlertState.Firing) ? "firing" : "resolved",
            "stormline",
            alerts.Select(ToWebhookAlert).ToList());
        try
        {
            using var response = await http.PostAsJsonAsync(url, payload, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                OpsLog.WebhookFailed(logger, url.ToString(), $"HTTP {(int)response.StatusCode}");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            OpsLog.WebhookFailed(logger, url.ToString(), ex.Message);
        }
    }

    private static WebhookAlert ToWebhookAlert(Alert alert)
    {
        var labels = new Dictionary<string, string>(alert.Labels, StringComparer.Ordinal)
        {
            ["alertname"] = alert.Name,
            ["severity"] = alert.Severity.ToString().ToLowerInvariant(),
        };
        return new WebhookAlert(
            alert.State == AlertState.Firing ? "firing" : "resolved",
            labels,
            new Dictionary<string, string> { ["summary"] = alert.Summary, ["description"] = alert.Description, ["runbook_url"] = alert.RunbookUrl },
            alert.ActiveSince,
            alert.ResolvedAt ?? DateTimeOffset.UnixEpoch,
            alert.Key);
    }

    private sealed record WebhookPayload(
        [property: JsonPropertyName("version")] string Version,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("receiver")] string Receiver,
        [property: JsonPropertyName("alerts")] IReadOnlyList<WebhookAlert> Alerts);

    private sealed record WebhookAlert(
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("labels")] IReadOnlyDictionary<string, string> Labels,
        [property: JsonPropertyName("annotations")] IReadOnlyDictionary<string, string> Annotations,
        [property: JsonPropertyName("startsAt")] DateTimeOffset StartsAt,
        [property: JsonPropertyName("endsAt")] DateTimeOffset EndsAt,
        [property: JsonPropertyName("fingerprint")] string Fingerprint);
}
