using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Stormline.Registry.Rest.Contracts;

namespace Stormline.Registry.Rest;

/// <summary><c>/config</c> and <c>/mode</c>: compatibility levels and read/write modes, global and per subject.</summary>
internal static class ConfigApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/config", (SchemaRegistry registry) => RegistryHttp.Ok(registry.Config(null, defaultToGlobal: true)));
        api.MapPut("/config", async (HttpRequest r, SchemaRegistry registry) =>
            RegistryHttp.Ok(registry.SetConfig(null, await RegistryHttp.BodyAsync<ConfigUpdateRequest>(r))));
        api.MapDelete("/config", (SchemaRegistry registry) => RegistryHttp.Ok(registry.DeleteConfig(null)));

        api.MapGet("/config/{subject}", (string subject, HttpRequest r, SchemaRegistry registry) =>
            RegistryHttp.Ok(registry.Config(subject, RegistryHttp.Flag(r, "defaultToGlobal"))));
        api.MapPut("/config/{subject}", async (string subject, HttpRequest r, SchemaRegistry registry) =>
            RegistryHttp.Ok(registry.SetConfig(subject, await RegistryHttp.BodyAsync<ConfigUpdateRequest>(r))));
        api.MapDelete("/config/{subject}", (string subject, SchemaRegistry registry) => RegistryHttp.Ok(registry.DeleteConfig(subject)));

        api.MapGet("/mode", (SchemaRegistry registry) => RegistryHttp.Ok(registry.Mode(null, defaultToGlobal: true)));
        api.MapPut("/mode", async (HttpRequest r, SchemaRegistry registry) =>
            RegistryHttp.Ok(registry.SetMode(null, await RegistryHttp.BodyAsync<ModeRequest>(r), RegistryHttp.Flag(r, "force"))));
        api.MapGet("/mode/{subject}", (string subject, HttpRequest r, SchemaRegistry registry) =>
            RegistryHttp.Ok(registry.Mode(subject, RegistryHttp.Flag(r, "defaultToGlobal"))));
        api.MapPut("/mode/{subject}", async (string subject, HttpRequest r, SchemaRegistry registry) =>
            RegistryHttp.Ok(registry.SetMode(subject, await RegistryHttp.BodyAsync<ModeRequest>(r), RegistryHttp.Flag(r, "force"))));
        api.MapDelete("/mode/{subject}", (string subject, SchemaRegistry registry) => RegistryHttp.Ok(registry.DeleteMode(subject)));
    }
}
