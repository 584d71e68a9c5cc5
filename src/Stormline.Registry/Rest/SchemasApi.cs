using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Stormline.Registry.Schemas;

namespace Stormline.Registry.Rest;

/// <summary><c>/schemas</c>: schemas by global id, and the types this registry understands.</summary>
internal static class SchemasApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/schemas", (HttpRequest r, SchemaRegistry registry) => RegistryHttp.Ok(registry.Schemas(
            DefaultContext.StripPrefix(RegistryHttp.Text(r, "subjectPrefix")), RegistryHttp.Flag(r, "deleted"), RegistryHttp.Flag(r, "latestOnly"),
            RegistryHttp.Number(r, "offset", 0), RegistryHttp.Number(r, "limit", -1))));

        api.MapGet("/schemas/types", () => RegistryHttp.Ok(SchemaTypes.Supported));

        api.MapGet("/schemas/ids/{id}", (string id, SchemaRegistry registry) => RegistryHttp.Ok(registry.SchemaById(id)));

        api.MapGet("/schemas/ids/{id}/schema", (string id, SchemaRegistry registry) => RegistryHttp.Raw(registry.SchemaById(id).Schema));

        api.MapGet("/schemas/ids/{id}/versions", (string id, HttpRequest r, SchemaRegistry registry) =>
            RegistryHttp.Ok(registry.SchemaVersions(id, RegistryHttp.Flag(r, "deleted"))));

        api.MapGet("/schemas/ids/{id}/subjects", (string id, HttpRequest r, SchemaRegistry registry) =>
            RegistryHttp.Ok(registry.SchemaSubjects(id, RegistryHttp.Flag(r, "deleted"))));
    }
}
