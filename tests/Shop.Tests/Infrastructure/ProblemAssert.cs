using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Shop.Tests.Infrastructure;

/// <summary>Asserts an RFC 9457 problem+json answer with the expected status that names the problem.</summary>
internal static class ProblemAssert
{
    public static async Task<JsonObject> Is(HttpResponseMessage response, HttpStatusCode status, string names)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal((int)status, (int)problem["status"]!);
        var text = (problem["errors"]?.ToJsonString() ?? "") + (string?)problem["detail"] + (string?)problem["title"];
        Assert.True(text.Contains(names, StringComparison.Ordinal), $"the problem should name '{names}': {body}");
        return problem;
    }
}
