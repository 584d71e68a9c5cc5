using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Stormline.Registry.Rest.Contracts;

namespace Stormline.Registry.Rest;

/// <summary><c>/compatibility</c>: would this schema be accepted? Without a version, as a registration would check it.</summary>
internal static class CompatibilityApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/compatibility/subjects/{subject}/versions/{version}", (string subject, string version, HttpRequest r, SchemaRegistry registry) =>
            CheckAsync(subject, version, r, registry));
        api.MapPost("/compatibility/subjects/{subject}/versions", (string subject, HttpRequest r, SchemaRegistry registry) =>
            CheckAsync(subject, "latest", r, registry));
    }

    private static async Task<IResult> CheckAsync(string subject, string version, HttpRequest r, SchemaRegistry registry)
    {
        var request = await RegistryHttp.BodyAsync<RegisterSchemaRequest>(r);
        return RegistryHttp.Ok(registry.TestCompatibility(subject, version, request, RegistryHttp.Flag(r, "normalize"), RegistryHttp.Flag(r, "verbose")));
    }
}
