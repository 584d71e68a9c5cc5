using System.Text.Json.Nodes;

namespace Stormline.Cli.Projections;

/// <summary>A service's answer read as JSON, for the commands that drive a running service's /stormline endpoints.</summary>
internal static class ServiceJson
{
    /// <summary>The body as a JSON object; null when it is empty or not JSON (a server that is not a Stormline service).</summary>
    public static async Task<JsonObject?> Read(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
