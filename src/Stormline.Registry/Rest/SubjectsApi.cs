using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Stormline.Registry.Rest.Contracts;

namespace Stormline.Registry.Rest;

/// <summary><c>/subjects</c>: register, look up, list, read and delete subject versions.</summary>
internal static class SubjectsApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/subjects", (HttpRequest r, SchemaRegistry registry) =>
            RegistryHttp.Ok(registry.Subjects(RegistryHttp.Flag(r, "deleted"), DefaultContext.StripPrefix(RegistryHttp.Text(r, "subjectPrefix")))));

        api.MapPost("/subjects/{subject}/versions", async (string subject, HttpRequest r, SchemaRegistry registry) =>
            RegistryHttp.Ok(new RegisterSchemaResponse(registry.Register(subject, await RegistryHttp.BodyAsync<RegisterSchemaRequest>(r), RegistryHttp.Flag(r, "normalize")))));

        api.MapPost("/subjects/{subject}", async (string subject, HttpRequest r, SchemaRegistry registry) =>
            RegistryHttp.Ok(registry.Lookup(subject, await RegistryHttp.BodyAsync<RegisterSchemaRequest>(r), RegistryHttp.Flag(r, "normalize"), RegistryHttp.Flag(r, "deleted"))));

        api.MapGet("/subjects/{subject}/versions", (string subject, HttpRequest r, SchemaRegistry registry) =>
            RegistryHttp.Ok(registry.Versions(subject, RegistryHttp.Flag(r, "deleted"))));

        api.MapGet("/subjects/{subject}/versions/{version}", (string subject, string version, HttpRequest r, SchemaRegistry registry) =>
            RegistryHttp.Ok(registry.Version(subject, version, RegistryHttp.Flag(r, "deleted"))));

        api.MapGet("/subjects/{subject}/versions/{version}/schema", (string subject, string version, HttpRequest r, SchemaRegistry registry) =>
            RegistryHttp.Raw(registry.Version(subject, version, RegistryHttp.Flag(r, "deleted")).Schema));

        api.MapGet("/subjects/{subject}/versions/{version}/referencedby", (string subject, string version, SchemaRegistry registry) =>
            RegistryHttp.Ok(registry.ReferencedBy(subject, version)));

        api.MapDelete("/subjects/{subject}", (string subject, HttpRequest r, SchemaRegistry registry) =>
            RegistryHttp.Ok(registry.DeleteSubject(subject, RegistryHttp.Flag(r, "permanent"))));

        api.MapDelete("/subjects/{subject}/versions/{version}", (string subject, string version, HttpRequest r, SchemaRegistry registry) =>
            RegistryHttp.Ok(registry.DeleteVersion(subject, version, RegistryHttp.Flag(r, "permanent"))));
    }
}
